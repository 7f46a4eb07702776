// ui.js - small pieces several pages share: the status line, prices, booking states.

import { api } from './api.js';
import { h } from './dom.js';
import { formatDateTime, formatMoney, t } from './i18n.js';
import { problemMessage } from './problems.js';

// An announcement outlives exactly one page render: the one that usually follows the
// action (sign-in, then the next page). The render after that clears it (settleStatus).
let keepForNextRender = false;

// The polite live region under the header: outcomes of actions are announced here
// (and stay visible) instead of in alert boxes.
export function announce(message, kind = 'info') {
  keepForNextRender = true;
  const el = document.getElementById('status');
  el.dataset.kind = kind;
  // Clearing first makes screen readers repeat a message identical to the last one.
  el.textContent = '';
  requestAnimationFrame(() => {
    el.textContent = message;
  });
}

// Called by the router before each render.
export function settleStatus() {
  if (keepForNextRender) {
    keepForNextRender = false;
  } else {
    clearStatus();
  }
}

export function clearStatus() {
  const el = document.getElementById('status');
  el.textContent = '';
  delete el.dataset.kind;
}

// What one seat costs: "free", "250,00 ₴", or the sale price with the old one struck out.
export function priceView(ev) {
  if (!ev.price) return h('span', { class: 'price free' }, t('event.free'));
  if (ev.sale_price > 0 && ev.sale_price < ev.price) {
    return h('span', { class: 'price' },
      h('del', {}, formatMoney(ev.price, ev.currency)), ' ',
      h('strong', {}, formatMoney(ev.sale_price, ev.currency)));
  }
  return h('span', { class: 'price' }, formatMoney(ev.price, ev.currency));
}

export function seatsView(ev) {
  if (ev.available <= 0) return h('span', { class: 'seats soldout' }, t('event.soldOut'));
  return h('span', { class: 'seats' }, t('event.seatsLeft', { n: ev.available }));
}

// A listing card: the title links to the event page.
export function eventCard(ev) {
  return h('li', { class: 'card event-card', dataset: { eventId: String(ev.id) } },
    h('h2', {}, h('a', { href: `#/events/${encodeURIComponent(ev.slug || ev.id)}` }, ev.title)),
    h('p', { class: 'when' }, h('time', { datetime: ev.starts_at }, formatDateTime(ev.starts_at, ev.timezone))),
    h('p', { class: 'meta' },
      [ev.city, t(`kind.${ev.kind}`), t(`format.${ev.format}`)].filter(Boolean).join(' · ')),
    h('p', { class: 'facts' }, priceView(ev), ' ', seatsView(ev)));
}

export function stateBadge(state) {
  return h('span', { class: `badge state-${state}` }, t(`state.${state}`));
}

// A page heading.
export function heading(text) {
  return h('h1', { tabindex: '-1' }, text);
}

// "More" under a list: fetches the API's `next` page and hands it to addPage (which may be
// async); hidden once there is no next page.
export function moreButton(next, addPage) {
  const more = h('button', {
    type: 'button',
    onclick: async () => {
      more.disabled = true;
      try {
        const older = await api('GET', next);
        await addPage(older);
        next = older.next;
      } catch (err) {
        announce(problemMessage(err), 'error');
      }
      more.disabled = false;
      more.hidden = !next;
    },
  }, t('events.more'));
  more.hidden = !next;
  return more;
}

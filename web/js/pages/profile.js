// pages/profile.js - #/profile: the Telegram link (seed 000: a QR code and a t.me link the
// bot verifies) and the notification preferences (seed 002 notification_prefs).

import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { problemMessage } from '../problems.js';
import { announce, heading } from '../ui.js';

const CATEGORIES = ['booking', 'event', 'reminder', 'waitlist'];
const CHANNELS = ['email', 'telegram', 'inapp'];

// The QR arrives as SVG text from our own API; shown as an image, so it is never markup
// in this document.
function qrImage(svg) {
  return h('img', {
    class: 'qr',
    id: 'telegram-qr',
    alt: t('telegram.qrAlt'),
    width: 220,
    height: 220,
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
  });
}

function telegramLinked(tg, rerender) {
  return [
    h('p', { id: 'telegram-status', dataset: { linked: 'true' } },
      t('telegram.linked', { name: tg.username ? `@${tg.username}` : t('telegram.account') }),
      tg.verified_at ? ` · ${t('telegram.since', { when: formatDateTime(tg.verified_at) })}` : ''),
    h('button', {
      type: 'button',
      class: 'danger',
      onclick: async () => {
        try {
          await api('DELETE', 'me/telegram');
          announce(t('telegram.unlinked'));
          rerender();
        } catch (err) {
          announce(problemMessage(err), 'error');
        }
      },
    }, t('telegram.unlink')),
  ];
}

function telegramUnlinked(rerender) {
  const box = h('div', { class: 'telegram-link' });
  const start = h('button', {
    type: 'button',
    class: 'primary',
    id: 'telegram-link',
    onclick: async () => {
      start.disabled = true;
      try {
        const link = await api('POST', 'me/telegram/link');
        box.replaceChildren(
          h('p', {}, t('telegram.scan')),
          qrImage(link.qr_svg),
          h('p', {}, h('a', { href: link.url, id: 'telegram-url', target: '_blank', rel: 'noopener' }, t('telegram.open'))),
          h('p', { class: 'meta' }, t('telegram.expires', { when: formatDateTime(link.expires_at) })),
          h('button', { type: 'button', id: 'telegram-check', onclick: rerender }, t('telegram.check')));
      } catch (err) {
        announce(problemMessage(err), 'error');
        start.disabled = false;
      }
    },
  }, t('telegram.link'));
  box.append(h('p', { id: 'telegram-status', dataset: { linked: 'false' } }, t('telegram.notLinked')), start);
  return [box];
}

async function telegramSection(rerender) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'tg-h' }, h('h2', { id: 'tg-h' }, 'Telegram'));
  try {
    const tg = await api('GET', 'me/telegram');
    section.append(...(tg.linked ? telegramLinked(tg, rerender) : telegramUnlinked(rerender)));
  } catch (err) {
    section.append(h('p', { class: 'meta' }, problemMessage(err)));
  }
  return section;
}

function prefsTable(items) {
  const on = new Map(items.map((p) => [`${p.category}/${p.channel}`, p.enabled]));
  const box = (cat, ch) => h('input', {
    type: 'checkbox',
    name: `${cat}/${ch}`,
    id: `pref-${cat}-${ch}`,
    checked: on.get(`${cat}/${ch}`) !== false,
    'aria-label': `${t(`prefs.category.${cat}`)}: ${t(`prefs.channel.${ch}`)}`,
  });
  return h('table', { class: 'prefs' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('prefs.category')),
      CHANNELS.map((ch) => h('th', { scope: 'col' }, t(`prefs.channel.${ch}`))))),
    h('tbody', {}, CATEGORIES.map((cat) => h('tr', {},
      h('th', { scope: 'row' }, t(`prefs.category.${cat}`)),
      CHANNELS.map((ch) => h('td', {}, box(cat, ch)))))));
}

async function prefsSection() {
  const answer = await api('GET', 'me/notification-prefs');
  const form = h('form', { id: 'prefs-form' }, prefsTable(answer.prefs),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('prefs.save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const items = [...form.querySelectorAll('input[type=checkbox]')].map((c) => {
      const [category, channel] = c.name.split('/');
      return { category, channel, enabled: c.checked };
    });
    try {
      await api('PUT', 'me/notification-prefs', { body: { prefs: items } });
      announce(t('prefs.saved'), 'success');
    } catch (err) {
      announce(problemMessage(err), 'error');
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'prefs-h' },
    h('h2', { id: 'prefs-h' }, t('prefs.title')), h('p', { class: 'meta' }, t('prefs.hint')), form);
}

export async function profilePage({ rerender }) {
  const [tg, prefs] = await Promise.all([telegramSection(rerender), prefsSection()]);
  return h('section', { class: 'profile' }, heading(t('profile.title')), tg, prefs);
}

// pages/bookings.js - #/bookings: my bookings and my waitlist places.

import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, formatMoney, t } from '../i18n.js';
import { problemMessage } from '../problems.js';
import { announce, heading, moreButton, stateBadge } from '../ui.js';
import { outcomeText } from './event.js';

const CANCELLABLE = ['requested', 'held', 'confirmed'];

// A booking carries only event_id, so titles and time zones come from the events
// themselves: one GET per distinct event, in parallel. An event that can no longer be
// read (made private, say) still leaves the booking listed, under its id.
export async function eventsById(ids) {
  const unique = [...new Set(ids)];
  const events = await Promise.all(unique.map((id) => api('GET', `events/${id}`).catch(() => null)));
  return new Map(unique.map((id, i) => [id, events[i]]));
}

function actionButton(label, cls, action, rerender) {
  return h('button', {
    type: 'button',
    class: cls,
    onclick: async (e) => {
      // currentTarget is null once the event has been dispatched: keep the button.
      const button = e.currentTarget;
      button.disabled = true;
      try {
        await action();
        rerender();
      } catch (err) {
        announce(problemMessage(err), 'error');
        button.disabled = false;
      }
    },
  }, label);
}

function bookingItem(b, ev, offers, rerender) {
  const title = ev ? h('a', { href: `#/events/${ev.id}` }, ev.title) : t('bookings.event', { id: b.event_id });
  const actions = [];
  // A guest may confirm a hold only when it is a waitlist offer (of a free event); other
  // holds are confirmed by the host or, later, by payment.
  if (b.state === 'held' && offers.has(b.id)) {
    actions.push(actionButton(t('booking.confirm'), 'primary', async () => {
      await api('POST', `bookings/${b.id}/confirm`);
      announce(t('booking.outcome.confirmed'), 'success');
    }, rerender));
  }
  if (CANCELLABLE.includes(b.state)) {
    actions.push(actionButton(t('booking.cancel'), 'danger', async () => {
      await api('POST', `bookings/${b.id}/cancel`);
      announce(t('booking.cancelled'));
    }, rerender));
  }
  return h('li', { class: 'card booking', dataset: { bookingId: String(b.id), state: b.state } },
    h('h2', {}, title),
    h('p', { class: 'when' }, h('time', { datetime: b.starts_at },
      formatDateTime(b.starts_at, ev && ev.timezone))),
    h('p', {}, stateBadge(b.state), ' ', h('span', { class: 'outcome' }, outcomeText(b, ev))),
    h('p', { class: 'meta' }, t('booking.seats', { n: b.seats }), ' · ',
      b.amount ? formatMoney(b.amount, b.currency) : t('event.free')),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

function waitlistItem(w, ev, rerender) {
  return h('li', { class: 'card waitlist-entry' },
    h('h2', {}, ev ? h('a', { href: `#/events/${ev.id}` }, ev.title) : t('bookings.event', { id: w.event_id })),
    h('p', {}, t(`waitlist.state.${w.state}`),
      w.offer_expires_at ? ` · ${t('waitlist.offerUntil', { until: formatDateTime(w.offer_expires_at, ev && ev.timezone) })}` : ''),
    ['waiting', 'offered'].includes(w.state)
      ? h('div', { class: 'actions' }, actionButton(t('waitlist.leave'), 'danger', async () => {
        await api('DELETE', `waitlist/${w.id}`);
        announce(t('waitlist.left'));
      }, rerender))
      : null);
}

// #/bookings/:id - one booking, where the short links of notifications lead.
export async function bookingPage({ params, rerender }) {
  const [b, waitlist] = await Promise.all([api('GET', `bookings/${params.id}`), api('GET', 'waitlist')]);
  const offers = new Set(waitlist.items.filter((w) => w.state === 'offered' && w.booking_id).map((w) => w.booking_id));
  const events = await eventsById([b.event_id]);
  return h('section', { class: 'bookings' }, heading(t('booking.title', { id: b.id })),
    h('ul', { class: 'cards', id: 'booking-list' }, bookingItem(b, events.get(b.event_id), offers, rerender)),
    h('p', {}, h('a', { href: '#/bookings' }, t('nav.bookings'))));
}

export async function bookingsPage({ rerender }) {
  const [page, waitlist] = await Promise.all([
    api('GET', 'bookings', { query: { limit: 100 } }),
    api('GET', 'waitlist'),
  ]);
  const offers = new Set(waitlist.items.filter((w) => w.state === 'offered' && w.booking_id).map((w) => w.booking_id));
  const events = await eventsById([...page.items.map((b) => b.event_id), ...waitlist.items.map((w) => w.event_id)]);

  const section = h('section', { class: 'bookings' }, heading(t('bookings.title')));
  if (!page.items.length) {
    section.append(h('p', {}, t('bookings.none'), ' ', h('a', { href: '#/events' }, t('bookings.browse'))));
  } else {
    const list = h('ul', { class: 'cards', id: 'booking-list' },
      page.items.map((b) => bookingItem(b, events.get(b.event_id), offers, rerender)));
    section.append(list);
    // Older bookings, a page at a time, from the API's `next` link.
    const more = moreButton(page.next, async (older) => {
      const olderEvents = await eventsById(older.items.map((b) => b.event_id));
      for (const b of older.items) list.append(bookingItem(b, olderEvents.get(b.event_id), offers, rerender));
    });
    section.append(h('div', { class: 'more' }, more));
  }
  const live = waitlist.items.filter((w) => ['waiting', 'offered'].includes(w.state));
  if (live.length) {
    section.append(h('h2', {}, t('waitlist.title')),
      h('ul', { class: 'cards' }, live.map((w) => waitlistItem(w, events.get(w.event_id), rerender))));
  }
  return section;
}

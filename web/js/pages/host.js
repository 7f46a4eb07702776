// pages/host.js - the host's dashboard (#/host), a new event (#/host/new) and one event's
// management page (#/host/events/:id): edit, requests and bookings, attendees.
//
// "My events" is GET /api/v1/me/events: events the caller authored or manages as a member
// of their organizer, in every status (drafts too), latest start first.

import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, formatMoney, t } from '../i18n.js';
import { problemMessage, showProblem } from '../problems.js';
import { announce, heading, moreButton, seatsView, stateBadge } from '../ui.js';
import { changedFields, EVENT_FIELD_MAP, eventForm, formBody } from './event-form.js';

function hostedItem(ev) {
  return h('li', { class: 'card', dataset: { eventId: String(ev.id) } },
    h('h3', {}, h('a', { href: `#/host/events/${ev.id}` }, ev.title)),
    h('p', { class: 'when' }, formatDateTime(ev.starts_at, ev.timezone)),
    h('p', { class: 'meta' }, t(`status.${ev.status}`), ' · ', t(`approval.${ev.approval}`), ' · ', seatsView(ev)));
}

export async function hostPage() {
  const page = await api('GET', 'me/events', { query: { limit: 50 } });
  const list = h('ul', { class: 'cards', id: 'hosted-list' }, page.items.map(hostedItem));
  const more = moreButton(page.next, (older) => list.append(...older.items.map(hostedItem)));

  return h('section', { class: 'host' },
    heading(t('host.title')),
    h('p', {}, h('a', { href: '#/host/new', class: 'button primary' }, t('host.create'))),
    h('h2', {}, t('host.myEvents')),
    page.items.length ? list : h('p', {}, t('host.none')),
    h('div', { class: 'more' }, more));
}

export async function newEventPage({ navigate }) {
  const form = eventForm(null, t('host.createSubmit'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const ev = await api('POST', 'events', { body: formBody(form) });
      announce(t('host.created'), 'success');
      navigate(`/host/events/${ev.id}`);
    } catch (err) {
      showProblem(form, err, EVENT_FIELD_MAP);
      button.disabled = false;
    }
  });
  return h('section', { class: 'host' }, heading(t('host.newTitle')), form);
}

// The host's actions on a booking, by state (docs/booking.md "Who may do what").
const ACTIONS = {
  requested: [['approve', 'primary'], ['reject', 'danger']],
  held: [['confirm', 'primary'], ['cancel', 'danger']],
  confirmed: [['check-in', 'primary'], ['cancel', 'danger']],
};

function bookingRow(b, ev, rerender) {
  const buttons = (ACTIONS[b.state] || []).map(([action, cls]) => h('button', {
    type: 'button',
    class: cls,
    'aria-label': `${t(`host.action.${action}`)} #${b.id}`,
    onclick: async (e) => {
      // currentTarget is null once the event has been dispatched: keep the button.
      const button = e.currentTarget;
      button.disabled = true;
      try {
        const after = await api('POST', `bookings/${b.id}/${action}`);
        announce(t('host.actionDone', { id: b.id, state: t(`state.${after.state}`) }), 'success');
        rerender();
      } catch (err) {
        announce(problemMessage(err), 'error');
        button.disabled = false;
      }
    },
  }, t(`host.action.${action}`)));
  return h('tr', { dataset: { bookingId: String(b.id), state: b.state } },
    h('td', {}, `#${b.id}`),
    // Bookings name the guest only by user id: the API has no guest name for hosts yet.
    h('td', {}, b.guest_username || t('host.guest', { id: b.user_id })),
    h('td', {}, String(b.seats)),
    h('td', {}, stateBadge(b.state)),
    h('td', {}, b.amount ? formatMoney(b.amount, b.currency) : t('event.free')),
    h('td', {}, formatDateTime(b.created_at, ev.timezone)),
    h('td', { class: 'actions' }, buttons));
}

async function allBookings(eventId) {
  const items = [];
  let page = await api('GET', `events/${eventId}/bookings`, { query: { limit: 100 } });
  items.push(...page.items);
  // Bounded: a very large event shows its newest 1,000 here.
  while (page.next && items.length < 1000) {
    page = await api('GET', page.next);
    items.push(...page.items);
  }
  return items;
}

function bookingsTable(rows, ev, rerender, id) {
  if (!rows.length) return h('p', { id }, t('host.noBookings'));
  return h('div', { class: 'table-wrap' }, h('table', { id },
    h('thead', {}, h('tr', {}, ['#', t('host.col.guest'), t('host.col.seats'), t('host.col.state'),
      t('host.col.amount'), t('host.col.created'), t('host.col.actions')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((b) => bookingRow(b, ev, rerender)))));
}

export async function manageEventPage({ params, rerender }) {
  // Who may manage is the server's call (the author, their organizer's staff, admins):
  // anyone else gets 403 from the bookings list, and the router shows it.
  const ev = await api('GET', `events/${encodeURIComponent(params.id)}`);
  const bookings = await allBookings(ev.id);
  const requests = bookings.filter((b) => b.state === 'requested');
  const attendees = bookings.filter((b) => ['held', 'confirmed', 'attended'].includes(b.state));
  const others = bookings.filter((b) => !requests.includes(b) && !attendees.includes(b));
  const seatsTaken = attendees.reduce((n, b) => n + b.seats, 0);

  const form = eventForm(ev, t('host.save'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      // The PATCH names the version this page read: if someone changed the event since,
      // the server refuses (409 without a field) and the page says so instead of
      // overwriting their change.
      const patch = changedFields(formBody(form), ev);
      if (Object.keys(patch).length) {
        try {
          await api('PATCH', `events/${ev.id}`, { body: { ...patch, version: ev.version } });
        } catch (err) {
          const fields = (err.problem && err.problem.errors) || [];
          // Not a server problem type: the catalogs' "problem.stale" explains it.
          if (err.status === 409 && fields.length === 0) throw new ApiError(409, { type: 'stale' });
          throw err;
        }
      }
      announce(t('host.saved'), 'success');
      rerender();
    } catch (err) {
      showProblem(form, err, EVENT_FIELD_MAP);
      button.disabled = false;
    }
  });

  const statusButtons = h('div', { class: 'actions' });
  const move = (status, label, cls) => h('button', {
    type: 'button',
    class: cls,
    onclick: async () => {
      try {
        await api('PATCH', `events/${ev.id}`, { body: { status } });
        announce(t('host.saved'), 'success');
        rerender();
      } catch (err) {
        announce(problemMessage(err), 'error');
      }
    },
  }, label);
  if (ev.status === 'draft') statusButtons.append(move('published', t('host.publish'), 'primary'));
  if (ev.status === 'draft' || ev.status === 'published') statusButtons.append(move('cancelled', t('host.cancelEvent'), 'danger'));

  const editPanel = h('details', { class: 'card' }, h('summary', {}, t('host.edit')), form);

  return h('section', { class: 'host manage' },
    heading(ev.title),
    h('p', { class: 'meta' },
      t(`status.${ev.status}`), ' · ', t(`approval.${ev.approval}`), ' · ',
      formatDateTime(ev.starts_at, ev.timezone), ' · ', seatsView(ev)),
    h('p', {}, h('a', { href: `#/events/${ev.id}` }, t('host.viewPublic'))),
    statusButtons,
    h('h2', { id: 'requests-title' }, t('host.requests', { n: requests.length })),
    bookingsTable(requests, ev, rerender, 'requests-table'),
    h('h2', {}, t('host.attendees', { n: attendees.length, seats: seatsTaken, capacity: ev.capacity })),
    bookingsTable(attendees, ev, rerender, 'attendees-table'),
    others.length ? h('details', {}, h('summary', {}, t('host.otherBookings', { n: others.length })),
      bookingsTable(others, ev, rerender, 'other-table')) : null,
    editPanel);
}

// pages/event.js - #/events/:key (id or slug): details, booking, waitlist, favorite.

import { api, ApiError, idempotencyKey } from '../api.js';
import { field, h, richText } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { problemMessage, showProblem } from '../problems.js';
import { currentUser } from '../session.js';
import { announce, heading, priceView, seatsView, stateBadge } from '../ui.js';

const ACTIVE = ['requested', 'held', 'confirmed', 'attended'];

// The caller's active booking of this event, if any. The API has no "my booking of event X"
// query, so look through my newest bookings (one page of 100 is plenty for one person).
async function myActiveBooking(eventId) {
  const page = await api('GET', 'bookings', { query: { limit: 100 } });
  return page.items.find((b) => b.event_id === eventId && ACTIVE.includes(b.state)) || null;
}

// My live place in this event's queue, if any (GET /waitlist lists all of mine).
async function myWaitlistEntry(eventId) {
  const page = await api('GET', 'waitlist');
  return page.items.find((w) => w.event_id === eventId && ['waiting', 'offered'].includes(w.state)) || null;
}

async function isFavorite(eventId) {
  const page = await api('GET', 'me/favorites');
  return page.items.some((ev) => ev.id === eventId);
}

// The sentence that tells a guest where their booking stands.
export function outcomeText(booking, ev) {
  switch (booking.state) {
    case 'confirmed':
      return t('booking.outcome.confirmed');
    case 'held':
      return t('booking.outcome.held', { until: formatDateTime(booking.expires_at, ev && ev.timezone) });
    case 'requested':
      return t('booking.outcome.requested');
    default:
      return t(`state.${booking.state}`);
  }
}

function details(ev) {
  const rows = [
    [t('event.kind'), t(`kind.${ev.kind}`)],
    [t('event.movie'), ev.movie_title],
    [t('event.city'), ev.city],
    [t('event.location'), ev.location],
    [t('event.genre'), ev.genre],
    [t('event.format'), t(`format.${ev.format}`)],
    [t('event.language'), ev.language],
    [t('event.approval'), t(`approval.${ev.approval}`)],
  ].filter(([, v]) => v);
  return h('dl', { class: 'details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function sessions(ev) {
  return h('ul', { class: 'sessions' }, ev.sessions.map((s) => h('li', {},
    h('time', { datetime: s.starts_at }, formatDateTime(s.starts_at, ev.timezone)), ' – ',
    h('time', { datetime: s.ends_at }, formatDateTime(s.ends_at, ev.timezone)))));
}

function favoriteButton(ev, initially) {
  let on = initially;
  const button = h('button', { type: 'button', class: 'favorite', 'aria-pressed': String(on) });
  const paint = () => {
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? `★ ${t('event.favorite.on')}` : `☆ ${t('event.favorite.off')}`;
  };
  paint();
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api(on ? 'DELETE' : 'PUT', `events/${ev.id}/favorite`);
      on = !on;
      paint();
      announce(on ? t('event.favorite.added') : t('event.favorite.removed'));
    } catch (err) {
      announce(problemMessage(err), 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// The box with my booking, or my place on the waitlist, or the form to make a booking.
function bookingBox(ev, booking, entry, rerender) {
  const box = h('section', { class: 'card booking-box', 'aria-labelledby': 'booking-box-title' },
    h('h2', { id: 'booking-box-title' }, t('event.yourBooking')));

  if (!booking && entry) {
    box.append(h('p', { class: 'outcome', id: 'booking-outcome' },
      t('waitlist.joined'), ' ', t(`waitlist.state.${entry.state}`)),
    h('p', {}, h('a', { href: '#/bookings' }, t('nav.bookings'))));
    return box;
  }

  if (booking) {
    box.append(
      h('p', { class: 'outcome', id: 'booking-outcome' }, stateBadge(booking.state), ' ', outcomeText(booking, ev)),
      h('p', {}, t('booking.seats', { n: booking.seats })),
      h('button', {
        type: 'button',
        class: 'danger',
        onclick: async (e) => {
          // currentTarget is null once the event has been dispatched: keep the button.
          const button = e.currentTarget;
          button.disabled = true;
          try {
            await api('POST', `bookings/${booking.id}/cancel`);
            announce(t('booking.cancelled'));
            rerender();
          } catch (err) {
            announce(problemMessage(err), 'error');
            button.disabled = false;
          }
        },
      }, t('booking.cancel')));
    return box;
  }

  if (ev.status !== 'published' || ev.registration_closed) {
    box.append(h('p', {}, t('event.closed')));
    return box;
  }

  const soldOut = ev.available <= 0;
  const seats = h('input', {
    name: 'seats', type: 'number', min: '1', max: String(ev.max_per_booking), value: '1', required: true,
  });
  const form = h('form', { class: 'book-form', novalidate: true },
    field(t('booking.seatsLabel'), seats, t('booking.seatsHint', { max: ev.max_per_booking })));

  // A sold-out event with automatic approval has a queue; a manual one takes requests anyway.
  const canWait = soldOut && ev.approval === 'automatic';
  const submit = h('button', { type: 'submit', class: 'primary' },
    canWait ? t('waitlist.join') : ev.approval === 'manual' ? t('booking.request') : t('booking.book'));
  form.append(h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    const body = { seats: Number(seats.value) || 1 };
    try {
      if (canWait) {
        await api('POST', `events/${ev.id}/waitlist`, { body });
        announce(t('waitlist.joined'), 'success');
        rerender();
        return;
      }
      const made = await api('POST', `events/${ev.id}/bookings`, {
        body, headers: { 'Idempotency-Key': idempotencyKey() },
      });
      announce(outcomeText(made, ev), 'success');
      rerender();
    } catch (err) {
      showProblem(form, err);
      if (err instanceof ApiError && err.type === '/problems/sold-out' && ev.approval === 'automatic') {
        form.append(h('p', {}, h('button', {
          type: 'button',
          onclick: async () => {
            try {
              await api('POST', `events/${ev.id}/waitlist`, { body });
              announce(t('waitlist.joined'), 'success');
              rerender();
            } catch (err2) {
              announce(problemMessage(err2), 'error');
            }
          },
        }, t('waitlist.join'))));
      }
      submit.disabled = false;
    }
  });
  box.append(form);
  return box;
}

export async function eventPage({ params, rerender }) {
  const ev = await api('GET', `events/${encodeURIComponent(params.key)}`);
  const me = currentUser();
  const isHost = me && me.id === ev.author_id;

  const section = h('article', { class: 'event' },
    heading(ev.title),
    h('p', { class: 'when' },
      h('time', { datetime: ev.starts_at }, formatDateTime(ev.starts_at, ev.timezone))),
    h('p', { class: 'facts' }, priceView(ev), ' ', seatsView(ev)),
    ev.image_url ? h('img', { src: ev.image_url, alt: '', class: 'cover', loading: 'lazy' }) : null,
    details(ev));
  if (ev.sessions.length > 1) {
    section.append(h('h2', {}, t('event.sessions')), sessions(ev));
  }
  if (ev.description) section.append(h('h2', {}, t('event.description')), richText(ev.description));
  if (ev.rules) section.append(h('h2', {}, t('event.rules')), h('p', { class: 'text' }, ev.rules));

  if (!me) {
    section.append(h('p', { class: 'card' },
      h('a', { href: `#/signin?next=${encodeURIComponent(`/events/${params.key}`)}` }, t('event.signInToBook'))));
  } else if (isHost) {
    section.append(h('p', { class: 'card' },
      h('a', { href: `#/host/events/${ev.id}`, class: 'button primary' }, t('host.manage'))));
  } else {
    const [booking, entry, fav] = await Promise.all([
      myActiveBooking(ev.id), myWaitlistEntry(ev.id), isFavorite(ev.id)]);
    section.append(h('p', {}, favoriteButton(ev, fav)), bookingBox(ev, booking, entry, rerender));
  }
  return section;
}

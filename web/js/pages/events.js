// pages/events.js - #/ and #/events?q=..: the catalog with its filters.
//
// The filters live in the hash's query, so a search can be bookmarked, shared and survives a
// language switch; submitting the form only changes the hash. Further pages come from the
// API's `next` link ("Show more"), which carries the filters itself.

import { api } from '../api.js';
import { clear, field, h, select } from '../dom.js';
import { t, toMinor } from '../i18n.js';
import { showProblem } from '../problems.js';
import { eventCard, heading } from '../ui.js';

const FILTERS = ['q', 'city', 'genre', 'kind', 'format', 'price_min', 'price_max', 'free', 'from', 'to', 'sort'];

// yyyy-mm-dd from a date input -> RFC 3339 at the browser's local midnight.
function dayStart(day, plusDays = 0) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The query for GET /events from the form's values (as kept in the hash). Prices are typed
// in major units; the catalog is in hryvnias by default, so they are read as UAH.
function apiQuery(q) {
  const query = { limit: 20 };
  for (const name of ['q', 'city', 'genre', 'kind', 'format', 'sort']) query[name] = q.get(name);
  if (q.get('free') === 'true') query.free = 'true';
  for (const name of ['price_min', 'price_max']) {
    const minor = toMinor(q.get(name) || '', 'UAH');
    if (Number.isFinite(minor)) query[name] = minor;
  }
  // Upcoming events unless asked otherwise: the listing shows past ones without `from`.
  query.from = dayStart(q.get('from') || today());
  if (q.get('to')) query.to = dayStart(q.get('to'), 1);
  return query;
}

function filterForm(q, navigate) {
  const input = (name, type = 'text', extra = {}) =>
    h('input', { name, type, value: q.get(name) || '', ...extra });
  // On a phone the full set of filters is taller than the screen: only the search box is
  // open by default, the rest folds away unless one of them is in use.
  const refined = FILTERS.some((name) => !['q', 'sort'].includes(name) && q.get(name));
  const more = h('details', { class: 'more-filters', open: refined },
    h('summary', {}, t('events.moreFilters')),
    h('div', { class: 'row' },
      field(t('events.city'), input('city')),
      field(t('events.genre'), input('genre'))),
    h('div', { class: 'row' },
      field(t('events.kind'), select('kind', [['', t('events.any')],
        ...['event', 'course', 'webinar', 'screening'].map((k) => [k, t(`kind.${k}`)])], q.get('kind') || '')),
      field(t('events.format'), select('format', [['', t('events.any')],
        ...['offline', 'online', 'mixed'].map((k) => [k, t(`format.${k}`)])], q.get('format') || ''))),
    h('div', { class: 'row' },
      field(t('events.priceMin'), input('price_min', 'text', { inputmode: 'decimal' })),
      field(t('events.priceMax'), input('price_max', 'text', { inputmode: 'decimal' }))),
    field(t('events.freeOnly'), h('input', { name: 'free', type: 'checkbox', value: 'true', checked: q.get('free') === 'true' })),
    h('div', { class: 'row' },
      field(t('events.from'), input('from', 'date', { value: q.get('from') || today() })),
      field(t('events.to'), input('to', 'date'))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('events.filters') },
    field(t('events.q'), input('q', 'search', { autocomplete: 'off' })),
    more,
    field(t('events.sort'), select('sort', [['date', t('sort.date')], ['price', t('sort.price')],
      ['popularity', t('sort.popularity')]], q.get('sort') || 'date')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('events.search')),
      h('a', { href: '#/events', class: 'button' }, t('events.reset'))));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const el = form.elements.namedItem(name);
      const value = el.type === 'checkbox' ? (el.checked ? 'true' : '') : el.value.trim();
      // Today is the default start; leaving it out keeps the link valid tomorrow too.
      if (value && !(name === 'from' && value === today())) next.set(name, value);
    }
    navigate(`/events?${next}`);
  });
  return form;
}

export async function eventsPage({ query, navigate }) {
  const form = filterForm(query, navigate);
  const list = h('ul', { class: 'cards', id: 'event-list' });
  const more = h('div', { class: 'more' });
  const section = h('section', { class: 'events' },
    heading(t('events.title')), form,
    h('h2', { class: 'visually-hidden' }, t('events.results')), list, more);

  async function showPage(path, opts) {
    let page;
    try {
      page = await api('GET', path, opts);
    } catch (err) {
      showProblem(form, err, { from: 'from', to: 'to' });
      return;
    }
    for (const ev of page.items) list.appendChild(eventCard(ev));
    if (!list.children.length) list.appendChild(h('li', { class: 'empty' }, t('events.none')));
    clear(more);
    if (page.next) {
      more.appendChild(h('button', {
        type: 'button',
        onclick: (e) => {
          e.currentTarget.disabled = true;
          showPage(page.next);
        },
      }, t('events.more')));
    }
  }
  await showPage('events', { query: apiQuery(query) });
  return section;
}

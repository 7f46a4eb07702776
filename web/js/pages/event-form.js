// pages/event-form.js - the form a host fills to create or change an event.
//
// One form for both: eventForm(ev) prefilled from an event, formBody(form) the JSON for
// POST /api/v1/events. Times are typed in the event's own time zone (time.js); prices in
// major units of the currency and sent as minor units.

import { field, h, select } from '../dom.js';
import { fromMinor, t, toMinor } from '../i18n.js';
import { isoToZoned, zonedToIso } from '../time.js';

export const DEFAULT_TZ = 'Europe/Kyiv';

// API fields the form spells differently, for showProblem().
export const EVENT_FIELD_MAP = {
  sessions: 'starts_at', price: 'price', sale_price: 'sale_price', timezone: 'timezone',
};

function zoneList() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return h('datalist', { id: 'tz-list' }, zones.map((z) => h('option', { value: z })));
}

export function eventForm(ev, submitLabel) {
  const e = ev || {};
  const tz = e.timezone || DEFAULT_TZ;
  const cur = e.currency || 'UAH';
  const first = e.sessions && e.sessions[0];
  const lastEnd = e.ends_at;
  // A course's lessons are several sessions; this form edits one, so it leaves them alone.
  const manySessions = Boolean(e.sessions && e.sessions.length > 1);
  const input = (name, type, value, extra = {}) => h('input', { name, type, value: value ?? '', ...extra });
  const text = (name, value) => h('textarea', { name, rows: '4' }, value || '');

  return h('form', { class: 'event-form', novalidate: true },
    field(t('host.f.title'), input('title', 'text', e.title, { required: true, maxlength: '200' })),
    h('div', { class: 'row' },
      field(t('host.f.kind'), select('kind', ['event', 'course', 'webinar', 'screening'].map((k) => [k, t(`kind.${k}`)]), e.kind || 'event')),
      field(t('host.f.format'), select('format', ['offline', 'online', 'mixed'].map((k) => [k, t(`format.${k}`)]), e.format || 'offline'))),
    field(t('host.f.movie'), input('movie_title', 'text', e.movie_title), t('host.f.movieHint')),
    h('div', { class: 'row' },
      field(t('host.f.start'), input('starts_at', 'datetime-local', first ? isoToZoned(first.starts_at, tz) : '', { required: true, disabled: manySessions })),
      field(t('host.f.end'), input('ends_at', 'datetime-local', lastEnd ? isoToZoned(lastEnd, tz) : '', { required: true, disabled: manySessions }))),
    manySessions ? h('p', { class: 'hint' }, t('host.f.manySessions', { n: e.sessions.length })) : null,
    field(t('host.f.timezone'), input('timezone', 'text', tz, { list: 'tz-list', autocomplete: 'off' }), t('host.f.timezoneHint')),
    zoneList(),
    h('div', { class: 'row' },
      field(t('host.f.city'), input('city', 'text', e.city)),
      field(t('host.f.location'), input('location', 'text', e.location))),
    field(t('host.f.genre'), input('genre', 'text', e.genre)),
    h('div', { class: 'row' },
      field(t('host.f.capacity'), input('capacity', 'number', e.capacity ?? 10, { min: '1', max: '1000000', required: true })),
      field(t('host.f.maxPerBooking'), input('max_per_booking', 'number', e.max_per_booking ?? 1, { min: '1', max: '100' }))),
    h('div', { class: 'row' },
      field(t('host.f.price'), input('price', 'text', e.price ? fromMinor(e.price, cur) : '0', { inputmode: 'decimal' }), t('host.f.priceHint')),
      field(t('host.f.currency'), input('currency', 'text', cur, { maxlength: '3', pattern: '[A-Z]{3}' }))),
    field(t('host.f.approval'), select('approval', [['automatic', t('approval.automatic')], ['manual', t('approval.manual')]], e.approval || 'automatic')),
    field(t('host.f.visibility'), select('visibility', ['public', 'unlisted', 'private'].map((v) => [v, t(`visibility.${v}`)]), e.visibility || 'public')),
    field(t('host.f.description'), text('description', e.description)),
    field(t('host.f.rules'), text('rules', e.rules)),
    ev ? null : field(t('host.f.publish'), h('input', { name: 'publish', type: 'checkbox', checked: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, submitLabel)));
}

// The form as an EventInput. Empty optional texts are sent as null (cleared), so an edit
// can remove a city; the server reports every bad field in one 422.
export function formBody(form) {
  const v = (name) => form.elements.namedItem(name).value.trim();
  const tz = v('timezone') || DEFAULT_TZ;
  const currency = v('currency').toUpperCase() || 'UAH';
  const body = {
    title: v('title'),
    kind: v('kind'),
    format: v('format'),
    timezone: tz,
    city: v('city') || null,
    location: v('location') || null,
    genre: v('genre') || null,
    capacity: Number(v('capacity')),
    max_per_booking: Number(v('max_per_booking')) || 1,
    currency,
    approval: v('approval'),
    visibility: v('visibility'),
    description: v('description') || null,
    rules: v('rules') || null,
    movie_title: v('movie_title') || null,
  };
  const price = toMinor(v('price') || '0', currency);
  body.price = Number.isFinite(price) ? price : -1; // -1: let the server name the field
  if (!form.elements.namedItem('starts_at').disabled) {
    let start = null;
    let end = null;
    try {
      start = zonedToIso(v('starts_at'), tz);
      end = zonedToIso(v('ends_at'), tz);
    } catch {
      /* an unknown zone: the server's 422 on timezone says so */
    }
    body.sessions = [{ starts_at: start || v('starts_at'), ends_at: end || v('ends_at') }];
  }
  const publish = form.elements.namedItem('publish');
  if (publish) body.status = publish.checked ? 'published' : 'draft';
  return body;
}

// Only what changed, for PATCH: fields equal to the event's are left out.
export function changedFields(body, ev) {
  const out = {};
  for (const [k, value] of Object.entries(body)) {
    if (k === 'sessions') {
      const s = ev.sessions;
      if (s.length !== 1 || s[0].starts_at !== value[0].starts_at || s[0].ends_at !== value[0].ends_at) out[k] = value;
    } else if ((ev[k] ?? null) !== value) {
      out[k] = value;
    }
  }
  return out;
}

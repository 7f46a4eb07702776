// i18n.js - message catalogs and locale-aware formatting.
//
// Catalogs are data files, one per language (web/i18n/<lang>.json), flat objects of
// "area.name": "text with {placeholders}". They all have the same keys (a browser test
// checks it). English is loaded as well and used for any key a catalog lacks, so a missing
// translation shows English rather than a raw key.

export const LANGUAGES = ['uk', 'ru', 'en'];
const STORAGE_KEY = 'bo.lang';

let current = 'en';
let messages = {};
let fallback = {};
const listeners = new Set();

// The language to start with: the one chosen before (localStorage), else the first of the
// browser's languages we have (by primary subtag: "uk-UA" -> uk), else English.
export function pickLanguage(stored, browserLanguages) {
  if (LANGUAGES.includes(stored)) return stored;
  for (const tag of browserLanguages || []) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return 'en';
}

async function loadCatalog(lang) {
  const res = await fetch(new URL(`../i18n/${lang}.json`, import.meta.url));
  if (!res.ok) throw new Error(`catalog ${lang}: HTTP ${res.status}`);
  return res.json();
}

function storedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage may be disabled; then the choice lasts for this page only
  }
}

export async function initI18n() {
  fallback = await loadCatalog('en');
  await applyLanguage(pickLanguage(storedLanguage(), navigator.languages));
}

async function applyLanguage(lang) {
  messages = lang === 'en' ? fallback : await loadCatalog(lang);
  current = lang;
  document.documentElement.lang = lang;
  translateStatic(document);
}

// Switch language, remember it, and tell the listeners (the router re-renders the page).
export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang) || lang === current) return;
  await applyLanguage(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not remembered; still switched */
  }
  for (const fn of listeners) fn(lang);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
}

export function language() {
  return current;
}

// t('event.seatsLeft', {n: 3}) -> "Seats left: 3".
export function t(key, vars) {
  const text = messages[key] ?? fallback[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// True when the catalogs know this key (for optional messages such as problem types).
export function has(key) {
  return key in messages || key in fallback;
}

// Static markup in index.html carries data-i18n="key" for its text.
export function translateStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
}

// --- formatting -------------------------------------------------------------------------

// Compared as Intl resolves them, since the browser may call the same zone by an older
// name (Europe/Kiev for Europe/Kyiv).
function isLocalZone(timeZone) {
  const resolve = (tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  return resolve(timeZone) === resolve(undefined);
}

// A date and time in the event's own time zone, with the zone shown when it is not the
// browser's, so "19:00" is never misread by a guest travelling elsewhere.
export function formatDateTime(iso, timeZone) {
  if (!iso) return '';
  const date = new Date(iso);
  const opts = { dateStyle: 'medium', timeStyle: 'short' };
  if (timeZone) {
    opts.timeZone = timeZone;
  }
  try {
    const text = new Intl.DateTimeFormat(current, opts).format(date);
    return timeZone && !isLocalZone(timeZone) ? `${text} (${timeZone})` : text;
  } catch {
    return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }
}

// Digits after the decimal point of a currency (UAH 2, JPY 0), from Intl's own tables.
export function currencyDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency })
      .resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

// Money arrives as integer minor units plus an ISO 4217 code: 25000 UAH -> "250,00 ₴".
export function formatMoney(minor, currency) {
  const digits = currencyDigits(currency);
  const major = Number(minor) / 10 ** digits;
  try {
    return new Intl.NumberFormat(current, { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

// "250.5" in major units -> 25050 minor units; NaN when it is not a number.
export function toMinor(text, currency) {
  const value = Number(String(text).trim().replace(',', '.'));
  if (String(text).trim() === '' || !Number.isFinite(value)) return NaN;
  return Math.round(value * 10 ** currencyDigits(currency));
}

export function fromMinor(minor, currency) {
  return (Number(minor) / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency));
}

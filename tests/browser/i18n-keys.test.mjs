// i18n-keys.test.mjs - the three catalogs say the same things: identical key sets, the same
// {placeholders} in each message, and no empty text. No browser needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const LANGS = ['en', 'ru', 'uk'];
const catalogs = Object.fromEntries(LANGS.map((lang) => [lang,
  JSON.parse(readFileSync(new URL(`../../web/i18n/${lang}.json`, import.meta.url), 'utf8'))]));

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every catalog has exactly the keys of the English one', () => {
  const en = Object.keys(catalogs.en).sort();
  for (const lang of ['ru', 'uk']) {
    const keys = Object.keys(catalogs[lang]).sort();
    const missing = en.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !en.includes(k));
    assert.deepEqual({ lang, missing, extra }, { lang, missing: [], extra: [] });
  }
});

test('every message keeps the placeholders of the English one and is not empty', () => {
  for (const [key, text] of Object.entries(catalogs.en)) {
    for (const lang of LANGS) {
      const other = catalogs[lang][key];
      assert.equal(typeof other, 'string', `${lang} ${key}`);
      assert.ok(other.trim().length > 0, `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(other), placeholders(text), `${lang} ${key}`);
    }
  }
});

test('every key the code asks for literally is in the catalogs', () => {
  const files = ['app.js', 'ui.js', 'router.js', 'pages/auth.js', 'pages/bookings.js', 'pages/event.js',
    'pages/event-form.js', 'pages/events.js', 'pages/host.js', 'pages/profile.js',
    'pages/notifications.js'];
  for (const file of files) {
    const source = readFileSync(new URL(`../../web/js/${file}`, import.meta.url), 'utf8');
    for (const m of source.matchAll(/\bt\('([a-zA-Z-]+\.[a-zA-Z.-]+)'/g)) {
      assert.ok(m[1] in catalogs.en, `${file} uses ${m[1]}, which en.json lacks`);
    }
  }
});

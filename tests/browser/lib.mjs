// lib.mjs - what the browser tests share: the browser, pages, screenshots, API set-up.
//
// scripts/browser-test starts the server and passes BOXOFFICE_URL; BOXOFFICE_CHROMIUM is
// Debian's chromium. Tests wait for elements and answers, never for fixed times.

import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

export const BASE = process.env.BOXOFFICE_URL || 'http://127.0.0.1:8080';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);
// Generous: the machine is shared, and Chromium starts slowly on two busy cores.
const TIMEOUT = 30_000;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.BOXOFFICE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    // CI containers often have a tiny /dev/shm; Chromium then crashes on big pages.
    args: ['--disable-dev-shm-usage'],
  });
}

// A fresh browser profile (cookies, localStorage) in a phone-sized window, since most
// guests book from a phone. Console errors and page errors are collected for asserts.
export async function openPage(browser, { locale = 'en-US', timezoneId = 'Europe/Kyiv' } = {}) {
  const context = await browser.newContext({
    locale,
    viewport: { width: 390, height: 844 },
    timezoneId,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}

// Load a route and wait until the app has booted and rendered it.
export async function go(page, hash = '#/') {
  await page.goto(`${BASE}/${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
}

export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

// Wait for the h1 of the page with this text (a RegExp or a string).
export async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

export function unique(prefix) {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

// --- set-up through the API (what a test is not about is done the quick way) ----------

async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}/api/v1/${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// Register an account; returns {username, password}.
export async function register(prefix) {
  const username = unique(prefix);
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await call('POST', 'auth/register', {
    body: { username, email: `${username}@example.org`, password, consent_personal_data: true, language: 'en' },
  });
  return { username, password };
}

// Sign in with a bearer token (the API client way, not the browser's cookies).
export async function token(user) {
  const answer = await call('POST', 'auth/login', { body: { login: user.username, password: user.password } });
  return answer.access_token;
}

// A published event starting `daysAhead` days from now (one host cannot have two events,
// nor one guest two bookings, with the same start).
export async function createEvent(tok, fields, daysAhead = 10) {
  const start = new Date(Date.now() + daysAhead * 86400_000);
  start.setUTCMinutes(0, 0, 0);
  const end = new Date(start.getTime() + 2 * 3600_000);
  const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return call('POST', 'events', {
    token: tok,
    body: {
      kind: 'event', capacity: 20, status: 'published', max_per_booking: 4,
      sessions: [{ starts_at: iso(start), ends_at: iso(end) }], ...fields,
    },
  });
}

export async function patchEvent(tok, eventId, fields) {
  return call('PATCH', `events/${eventId}`, { token: tok, body: fields });
}

export async function book(tok, eventId, seats = 1) {
  return call('POST', `events/${eventId}/bookings`, { token: tok, body: { seats } });
}

export async function approve(tok, bookingId) {
  return call('POST', `bookings/${bookingId}/approve`, { token: tok });
}

// Sign in through the UI: the sign-in page, then wait for the nav to show the user.
export async function signIn(page, user) {
  await go(page, '#/signin');
  await page.getByLabel(/username or email|имя пользователя или|ім'я користувача або/i).fill(user.username);
  await page.getByLabel(/^password$|^пароль$/i).fill(user.password);
  await page.locator('#signin-form button[type=submit]').click();
  await page.locator('#signout').waitFor();
}

// notify.test.mjs - issue 4's browser scenario: link Telegram through the stand-in bot
// (QR and deep link on the profile page), change a notification preference, and see an
// in-app notification after a booking changes state (the host approves a request).
//
// scripts/browser-test runs the server against tests/browser/fakebot.mjs (BOXOFFICE_FAKEBOT),
// which long-polls like the Bot API; the test plays the Telegram user by queueing "/start".

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { approve, book, createEvent, go, heading, launch, openPage, register, shot, signIn, token, unique } from './lib.mjs';

const BOT = process.env.BOXOFFICE_FAKEBOT;
const CHAT = 700000 + Math.floor(Math.random() * 99999);

let browser;
let guest;
let hostToken;
let event;
before(async () => {
  browser = await launch();
  const host = await register('nhost');
  hostToken = await token(host);
  guest = await register('nguest');
  event = await createEvent(hostToken, { title: unique('Approval screening '), approval: 'manual' }, 21);
});
after(async () => {
  await browser?.close();
});

async function botCalls() {
  return (await fetch(`${BOT}/control/calls`)).json();
}

// Poll (bounded) until fn() is true: the server's long poll and the outbox router run on
// their own schedule, so the test waits for their effect, not for a fixed time.
async function eventually(fn, what, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('link Telegram by the deep link the QR carries', async () => {
  assert.ok(BOT, 'BOXOFFICE_FAKEBOT is set by scripts/browser-test');
  const page = await openPage(browser);
  await signIn(page, guest);
  await go(page, '#/profile');
  await heading(page, 'Profile');
  await page.locator('#telegram-status[data-linked=false]').waitFor();
  await page.getByRole('button', { name: 'Link Telegram' }).click();
  await page.locator('#telegram-qr').waitFor();
  const href = await page.locator('#telegram-url').getAttribute('href');
  assert.match(href, /^https:\/\/t\.me\/boxoffice_test_bot\?start=[A-Za-z0-9_-]+$/);
  await shot(page, 'notify-1-telegram-qr');

  const startToken = new URL(href).searchParams.get('start');
  await fetch(`${BOT}/control/updates`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: `/start ${startToken}`, chat_id: CHAT, username: 'nguest_tg' }),
  });
  await eventually(async () => (await botCalls()).some((c) => c.method === 'sendMessage'
    && String(c.body.chat_id) === String(CHAT)), 'the bot to confirm the link in the chat');
  await page.getByRole('button', { name: /check again/ }).click();
  await page.locator('#telegram-status[data-linked=true]').waitFor();
  await page.getByText('@nguest_tg').waitFor();
  await shot(page, 'notify-2-telegram-linked');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a preference is saved and read back', async () => {
  const page = await openPage(browser);
  await signIn(page, guest);
  await go(page, '#/profile');
  const box = page.locator('#pref-reminder-email');
  await box.waitFor();
  assert.equal(await box.isChecked(), true, 'on by default');
  await box.uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  await go(page, '#/events');
  await go(page, '#/profile');
  await page.locator('#pref-reminder-email').waitFor();
  assert.equal(await page.locator('#pref-reminder-email').isChecked(), false);
  assert.equal(await page.locator('#pref-booking-inapp').isChecked(), true);
  await shot(page, 'notify-3-prefs');
  await page.context().close();
});

test('an approved request shows up as an in-app notification, and in Telegram', async () => {
  const booking = await book(await token(guest), event.id);
  assert.equal(booking.state, 'requested');
  await approve(hostToken, booking.id);

  const page = await openPage(browser);
  await signIn(page, guest);
  const changed = page.locator('.notification[data-category="booking.changed"]');
  await eventually(async () => {
    await go(page, '#/notifications');
    await heading(page, 'Notifications');
    return (await changed.count()) > 0;
  }, 'the in-app notification of the approval');
  await page.locator('#nav-notifications .count').waitFor();
  await shot(page, 'notify-4-in-app');
  await changed.first().getByRole('button', { name: 'Mark as read' }).click();
  await page.locator('.notification.unread[data-category="booking.changed"]').waitFor({ state: 'detached' });

  await eventually(async () => (await botCalls()).some((c) => c.method === 'sendMessage'
    && String(c.body.chat_id) === String(CHAT) && JSON.stringify(c.body).includes('/s/')),
  'the approval in Telegram, with its short link');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

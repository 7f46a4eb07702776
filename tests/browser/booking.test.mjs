// booking.test.mjs - scenario 1: a new user signs up, signs in, filters the catalog, books
// an event and finds the booking under "My bookings".

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, go, heading, launch, openPage, register, shot, token, unique } from './lib.mjs';

let browser;
let title;
let city;
before(async () => {
  browser = await launch();
  // The event to find: a free one with instant booking, in a city of its own, with a word
  // in its title no other event has, among the demo catalog's events.
  const host = await register('host');
  title = unique('Lanternfest ');
  city = unique('Town');
  await createEvent(await token(host), { title, city, price: 0, approval: 'automatic' });
});
after(async () => {
  await browser?.close();
});

test('sign up, sign in, filter, book, see it in my bookings', async () => {
  const page = await openPage(browser);
  const username = unique('guest');
  const password = 'a long guest passphrase';

  // Sign up; the consent box is required, so the first try without it is refused in place.
  await go(page, '#/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await heading(page, 'Create an account');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.org`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.locator('#signup-form .form-error').waitFor();
  await page.locator('#signup-form [name=consent_personal_data][aria-invalid=true]').waitFor();
  await shot(page, 'booking-1-signup-consent-missing');
  await page.getByLabel('I agree to the processing of my personal data').check();
  await page.getByRole('button', { name: 'Sign up' }).click();

  // Then sign in, with the new username already filled in.
  await heading(page, 'Sign in');
  await page.getByRole('status').filter({ hasText: 'Account created' }).waitFor();
  assert.equal(await page.getByLabel('Username or email').inputValue(), username);
  await page.getByLabel('Password').fill(password);
  await shot(page, 'booking-2-signin');
  await page.locator('#signin-form').getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();

  // Filter: the title's unusual word, its city, free events only, sorted by price.
  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await heading(page, 'Events');
  await page.getByLabel('Search').fill(title.split(' ')[1]);
  await page.getByText('More filters').click();
  await page.getByLabel('City').fill(city);
  await page.getByLabel('Free events only').check();
  await page.getByLabel('Sort by').selectOption('price');
  await page.getByRole('button', { name: 'Show events' }).click();
  await page.waitForURL(/free=true/);
  // The unfiltered list may still be on screen for a moment: wait for exactly one card.
  await page.waitForFunction(() => document.querySelectorAll('.event-card').length === 1);
  const cards = page.locator('.event-card');
  assert.match(await cards.textContent(), new RegExp(title));
  await shot(page, 'booking-3-filtered');

  // Book two seats.
  await cards.getByRole('link', { name: title }).click();
  await heading(page, title);
  await page.getByLabel('Seats').fill('2');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await page.locator('#booking-outcome').filter({ hasText: 'Your booking is confirmed.' }).waitFor();
  await page.getByText('Seats left: 18').waitFor();
  await shot(page, 'booking-4-booked');

  // My bookings lists it, confirmed, with its two seats.
  await page.locator('#nav').getByRole('link', { name: 'My bookings' }).click();
  await heading(page, 'My bookings');
  const item = page.locator('#booking-list li').filter({ hasText: title });
  await item.waitFor();
  assert.match(await item.textContent(), /Confirmed/);
  assert.match(await item.textContent(), /Seats: 2/);
  // One booking, one page: no "Show more".
  assert.equal(await page.getByRole('button', { name: 'Show more' }).isVisible(), false);
  await shot(page, 'booking-5-my-bookings');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

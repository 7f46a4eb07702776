// waitlist.test.mjs - the event page's other paths: a problem shown next to its field, the
// favorite toggle, and the waitlist of a sold-out event, then listed under "My bookings".

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { book, createEvent, go, heading, launch, openPage, register, shot, signIn, token, unique } from './lib.mjs';

let browser;
let guest;
let full;
let open;
before(async () => {
  browser = await launch();
  const host = await register('host');
  const hostToken = await token(host);
  guest = await register('guest');
  // One event with two seats; another with one seat, taken by someone else.
  open = await createEvent(hostToken, { title: unique('Open house '), capacity: 2, max_per_booking: 2, price: 15050 }, 14);
  full = await createEvent(hostToken, { title: unique('Full house '), capacity: 1, max_per_booking: 1 }, 15);
  await book(await token(await register('early')), full.id);
});
after(async () => {
  await browser?.close();
});

test('too many seats is shown next to the field; favorites toggle; a paid booking is held', async () => {
  const page = await openPage(browser);
  await signIn(page, guest);
  await go(page, `#/events/${open.slug}`);
  await heading(page, open.title);
  await page.getByText('UAH 150.50').waitFor(); // 15050 minor units, in the UI language

  await page.getByLabel('Seats').fill('3');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await page.locator('.book-form [name=seats][aria-invalid=true]').waitFor();
  await page.locator('.book-form .field-error').waitFor();
  await page.locator('.book-form [role=alert]').waitFor();
  await shot(page, 'waitlist-1-seats-error');

  const fav = page.getByRole('button', { name: /Add to favorites/ });
  await fav.click();
  await page.getByRole('button', { name: /In favorites/, pressed: true }).waitFor();

  await page.getByLabel('Seats').fill('2');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await page.locator('#booking-outcome').filter({ hasText: 'Your seats are held until' }).waitFor();
  await page.getByText('Sold out').waitFor();
  await shot(page, 'waitlist-2-held');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a sold-out event offers the waitlist, and my bookings shows my place', async () => {
  const page = await openPage(browser);
  await signIn(page, guest);
  await go(page, `#/events/${full.id}`);
  await heading(page, full.title);
  await page.getByText('Sold out').waitFor();
  await page.getByRole('button', { name: 'Join the waitlist' }).click();
  await page.locator('#booking-outcome').filter({ hasText: 'You are on the waitlist' }).waitFor();
  await shot(page, 'waitlist-3-joined');
  // The event page remembers it: read again, it shows my place instead of the form.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#booking-outcome').filter({ hasText: 'Waiting' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Join the waitlist' }).count(), 0);

  await page.locator('#nav').getByRole('link', { name: 'My bookings' }).click();
  await heading(page, 'My bookings');
  const entry = page.locator('.waitlist-entry').filter({ hasText: full.title });
  await entry.filter({ hasText: 'Waiting' }).waitFor();
  await entry.getByRole('button', { name: 'Leave the waitlist' }).click();
  await page.getByRole('status').filter({ hasText: 'You left the waitlist.' }).waitFor();
  // The list is read again after leaving; the entry goes away with that render.
  await page.locator('.waitlist-entry').filter({ hasText: full.title }).waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

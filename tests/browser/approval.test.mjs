// approval.test.mjs - scenario 2: a host creates an event with manual approval in the UI,
// a guest applies, the host approves, and the guest sees the booking confirmed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, go, heading, launch, openPage, patchEvent, register, shot, signIn, token, unique } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// "YYYY-MM-DDTHH:MM" some days ahead, as a datetime-local input takes it.
function localInput(daysAhead, hour) {
  const d = new Date(Date.now() + daysAhead * 86400_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test('host creates a manual-approval event, guest applies, host approves', async () => {
  const hostUser = await register('host');
  const guestUser = await register('guest');
  const title = unique('Film club ');

  // The host creates the event through the form.
  const host = await openPage(browser);
  await signIn(host, hostUser);
  await host.getByRole('link', { name: 'Host' }).click();
  await heading(host, 'Host dashboard');
  await host.getByRole('link', { name: 'Create an event' }).click();
  await heading(host, 'New event');
  await host.getByLabel('Title', { exact: true }).fill(title);
  await host.getByLabel('Kind', { exact: true }).selectOption('screening');
  await host.getByLabel('Movie title', { exact: true }).fill('Solaris');
  await host.getByLabel('Starts', { exact: true }).fill(localInput(12, 19));
  await host.getByLabel('Ends', { exact: true }).fill(localInput(12, 22));
  await host.getByLabel('City', { exact: true }).fill('Lviv');
  await host.getByLabel('Capacity (seats)', { exact: true }).fill('8');
  await host.getByLabel('Seat price', { exact: true }).fill('0');
  await host.getByLabel('Bookings', { exact: true }).selectOption('manual');
  await host.getByLabel('Description', { exact: true }).fill('Bring <b>tea</b> & cookies.<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>');
  await shot(host, 'approval-1-host-form');
  await host.getByRole('button', { name: 'Create event' }).click();
  await heading(host, title);
  await host.getByText('Requests awaiting approval (0)').waitFor();
  const eventId = /#\/host\/events\/(\d+)/.exec(host.url())[1];
  await shot(host, 'approval-2-host-created');

  // The guest applies.
  const guest = await openPage(browser);
  await signIn(guest, guestUser);
  await go(guest, `#/events/${eventId}`);
  await heading(guest, title);
  // The description is rich text: bold stays bold; what could run was dropped by the server.
  await guest.locator('.rich-text b', { hasText: 'tea' }).waitFor();
  assert.equal(await guest.locator('.rich-text').innerText(), 'Bring tea & cookies.');
  assert.equal(await guest.evaluate(() => window.pwned), undefined);
  await guest.getByRole('button', { name: 'Send a request' }).click();
  await guest.locator('#booking-outcome').filter({ hasText: "awaiting the host's approval" }).waitFor();
  await shot(guest, 'approval-3-guest-requested');

  // The host sees the request and approves it; it moves to the attendees, confirmed.
  await host.reload();
  await host.waitForSelector('body[data-ready="true"]');
  await host.getByText('Requests awaiting approval (1)').waitFor();
  const request = host.locator('#requests-table tbody tr');
  assert.equal(await request.count(), 1);
  await shot(host, 'approval-4-host-request');
  await request.getByRole('button', { name: /^Approve/ }).click();
  await host.getByText('Requests awaiting approval (0)').waitFor();
  await host.locator('#attendees-table tbody tr').filter({ hasText: 'Confirmed' }).waitFor();
  await shot(host, 'approval-5-host-approved');

  // The host raises the capacity (PATCH): one seat is taken, so 11 of 12 are left.
  await host.getByText('Edit the event').click();
  await host.getByLabel('Capacity (seats)', { exact: true }).fill('12');
  await host.getByRole('button', { name: 'Save changes' }).click();
  await host.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await host.getByText('Seats left: 11').waitFor();

  // A change made elsewhere meanwhile is not overwritten: the form says so instead.
  await patchEvent(await token(hostUser), eventId, { rules: 'No late entry.' });
  await host.getByText('Edit the event').click();
  await host.getByLabel('Capacity (seats)', { exact: true }).fill('13');
  await host.getByRole('button', { name: 'Save changes' }).click();
  await host.locator('.event-form [role=alert]').filter({ hasText: 'Someone changed this event' }).waitFor();
  await shot(host, 'approval-6-host-stale-edit');

  // The dashboard lists it among the host's events (GET /api/v1/me/events).
  await host.getByRole('link', { name: 'Host', exact: true }).click();
  await heading(host, 'Host dashboard');
  await host.locator('#hosted-list').getByRole('link', { name: title }).waitFor();
  await shot(host, 'approval-7-host-dashboard');

  // The guest sees it confirmed under "My bookings".
  await go(guest, '#/bookings');
  await heading(guest, 'My bookings');
  const item = guest.locator('#booking-list li').filter({ hasText: title });
  await item.filter({ hasText: 'Confirmed' }).waitFor();
  assert.match(await item.textContent(), /Your booking is confirmed/);
  await shot(guest, 'approval-8-guest-confirmed');

  assert.deepEqual(host.errors, []);
  assert.deepEqual(guest.errors, []);
  await host.context().close();
  await guest.context().close();
});

test('the host dashboard lists 50 events, then the rest behind Show more', async () => {
  const hostUser = await register('busyhost');
  const tok = await token(hostUser);
  for (let day = 0; day < 51; day++) await createEvent(tok, { title: unique('Weekly ') }, 20 + day);

  const page = await openPage(browser);
  await signIn(page, hostUser);
  await go(page, '#/host');
  await heading(page, 'Host dashboard');
  const items = page.locator('#hosted-list > li');
  assert.equal(await items.count(), 50);
  const more = page.getByRole('button', { name: 'Show more' });
  await more.click();
  await page.locator('#hosted-list > li:nth-child(51)').waitFor();
  assert.equal(await items.count(), 51);
  await more.waitFor({ state: 'hidden' });
});

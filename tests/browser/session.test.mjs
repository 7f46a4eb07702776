// session.test.mjs - cookie sessions as the UI lives them: an expired access cookie is
// refreshed once and the call retried; a session that cannot be refreshed leads to the
// sign-in page; sign-out clears the session. Expiry is simulated by removing cookies, so
// the test does not wait out the 15-minute access lifetime.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { go, heading, launch, openPage, register, shot, signIn } from './lib.mjs';

let browser;
let user;
before(async () => {
  browser = await launch();
  user = await register('sess');
});
after(async () => {
  await browser?.close();
});

async function cookie(page, name) {
  return (await page.context().cookies()).find((c) => c.name === name) || null;
}

test('the session cookies are HttpOnly except the CSRF one', async () => {
  const page = await openPage(browser);
  await signIn(page, user);
  assert.equal((await cookie(page, 'bo_at')).httpOnly, true);
  assert.equal((await cookie(page, 'bo_rt')).httpOnly, true);
  assert.equal((await cookie(page, 'bo_csrf')).httpOnly, false);
  assert.equal(await page.evaluate(() => document.cookie.includes('bo_at')), false);
  await page.context().close();
});

test('an expired access cookie is refreshed once and the page still loads', async () => {
  const page = await openPage(browser);
  await signIn(page, user);
  const before = (await cookie(page, 'bo_rt')).value;
  await page.context().clearCookies({ name: 'bo_at' });

  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
  await go(page, '#/bookings');
  assert.equal((await refreshed).status(), 200);
  await heading(page, 'My bookings');
  assert.ok(await cookie(page, 'bo_at'), 'a new access cookie');
  assert.notEqual((await cookie(page, 'bo_rt')).value, before, 'the refresh token rotated');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a session that cannot be refreshed shows the sign-in page, then returns', async () => {
  const page = await openPage(browser);
  await signIn(page, user);
  await page.context().clearCookies({ name: 'bo_at' });
  await page.context().clearCookies({ name: 'bo_rt' });

  // The next API call (the bookings list) gets 401, the refresh fails too: sign in again.
  await go(page, '#/bookings');
  await heading(page, 'Sign in');
  assert.match(page.url(), /#\/signin\?next=%2Fbookings/);
  await page.getByRole('link', { name: 'Sign in' }).waitFor(); // the nav forgot the user
  await shot(page, 'session-1-lost');

  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.locator('#signin-form').getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'My bookings');
  await page.context().close();
});

test('sign out ends the session and clears the cookies', async () => {
  const page = await openPage(browser);
  await signIn(page, user);
  await page.locator('#signout').click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
  assert.equal(await cookie(page, 'bo_csrf'), null);
  await go(page, '#/bookings');
  await heading(page, 'Sign in');
  await page.context().close();
});

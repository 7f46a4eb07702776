// a11y.test.mjs - checks every main page for what a keyboard, a screen reader and a phone
// need: a label on every control, one <h1>, <html lang>, no sideways scrolling at 390 px,
// a visible focus ring; and a sign-in done with the keyboard alone.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, go, heading, launch, openPage, register, signIn, token, unique } from './lib.mjs';

let browser;
let user;
let ev;
before(async () => {
  browser = await launch();
  user = await register('a11y');
  const host = await register('host');
  ev = await createEvent(await token(host), { title: unique('Quiet reading '), description: 'Line one.\nLine two.' }, 20);
});
after(async () => {
  await browser?.close();
});

// Problems found on the current page, as readable strings (empty when all is well).
function audit(page) {
  return page.evaluate(() => {
    const problems = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden') continue;
      const named = el.labels.length > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()} name=${el.name}`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (!el.textContent.trim() && !el.getAttribute('aria-label')) problems.push(`nameless ${el.outerHTML.slice(0, 60)}`);
    }
    for (const img of document.querySelectorAll('img')) {
      if (!img.hasAttribute('alt')) problems.push(`img without alt: ${img.src}`);
    }
    const h1 = document.querySelectorAll('main h1').length;
    if (h1 !== 1) problems.push(`${h1} h1 elements in main`);
    if (!document.documentElement.lang) problems.push('no <html lang>');
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    }
    if (!document.querySelector('[role=status][aria-live=polite]')) problems.push('no live status region');
    return problems;
  });
}

test('every page: labelled controls, one h1, lang, fits a phone', async () => {
  const page = await openPage(browser);
  const pages = [['#/', 'Events'], [`#/events/${ev.id}`, ev.title], ['#/signin', 'Sign in'], ['#/signup', 'Create an account']];
  for (const [hash, title] of pages) {
    await go(page, hash);
    await heading(page, title);
    assert.deepEqual(await audit(page), [], hash);
  }
  await signIn(page, user);
  const signedIn = [[`#/events/${ev.id}`, ev.title], ['#/bookings', 'My bookings'], ['#/host', 'Host dashboard'], ['#/host/new', 'New event']];
  for (const [hash, title] of signedIn) {
    await go(page, hash);
    await heading(page, title);
    assert.deepEqual(await audit(page), [], hash);
  }
  // Descriptions keep their line breaks, rich text or not.
  await go(page, `#/events/${ev.id}`);
  assert.equal(await page.locator('.rich-text').first().innerText(), 'Line one.\nLine two.');
  await page.context().close();
});

test('sign in with the keyboard alone; the focus ring is visible', async () => {
  const page = await openPage(browser);
  await go(page, '#/signin');
  await heading(page, 'Sign in');
  // After a page change the focus is on the page's heading, so Tab reaches the form.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'login');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await page.locator('#signout').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// language.test.mjs - scenario 3: the UI starts in the browser's language, switches between
// en, ru and uk with the visible switcher, updates <html lang>, and remembers the choice.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { go, heading, launch, openPage, shot } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the first visit follows the browser language; English is the fallback', async () => {
  const uk = await openPage(browser, { locale: 'uk-UA' });
  await go(uk, '#/');
  await heading(uk, 'Події');
  assert.equal(await uk.getAttribute('html', 'lang'), 'uk');
  await shot(uk, 'lang-1-browser-uk');

  const de = await openPage(browser, { locale: 'de-DE' });
  await go(de, '#/');
  await heading(de, 'Events');
  assert.equal(await de.getAttribute('html', 'lang'), 'en');
  await de.context().close();
  await uk.context().close();
});

test('the switcher changes the text, persists across reloads, and keeps the page', async () => {
  const page = await openPage(browser, { locale: 'en-US' });
  await go(page, '#/');
  await heading(page, 'Events');
  const switcher = page.getByLabel('Language');

  await switcher.selectOption('ru');
  await heading(page, 'События');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  await page.getByRole('link', { name: 'Войти' }).waitFor();
  await page.getByRole('button', { name: 'Показать события' }).waitFor();
  await shot(page, 'lang-2-switched-ru');

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await heading(page, 'События');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');

  await page.getByLabel('Язык').selectOption('uk');
  await heading(page, 'Події');
  assert.equal(await page.getAttribute('html', 'lang'), 'uk');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await heading(page, 'Події');
  assert.equal(await page.getByLabel('Мова').inputValue(), 'uk');
  await shot(page, 'lang-3-reloaded-uk');

  // Dates and money follow the language too: a demo card's date is written in Ukrainian.
  const firstDate = await page.locator('.event-card .when').first().textContent();
  assert.match(firstDate, /[а-яіїєґ]/i);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("times are the event's own, with its zone named only for a browser elsewhere", async () => {
  const kyiv = await openPage(browser, { locale: 'en-US', timezoneId: 'Europe/Kyiv' });
  await go(kyiv, '#/');
  const id = await kyiv.locator('.event-card').first().getAttribute('data-event-id');
  await go(kyiv, `#/events/${id}`);
  const here = await kyiv.locator('article .when').textContent();
  assert.doesNotMatch(here, /\(/);

  const ny = await openPage(browser, { locale: 'en-US', timezoneId: 'America/New_York' });
  await go(ny, `#/events/${id}`);
  const away = await ny.locator('article .when').textContent();
  // The same wall-clock time as in Kyiv, not New York's, and the zone said aloud.
  assert.equal(away, `${here} (Europe/Kyiv)`);
  await kyiv.context().close();
  await ny.context().close();
});

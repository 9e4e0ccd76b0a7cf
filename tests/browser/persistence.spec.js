// Keep and share: the scenario in the URL, autosave across reloads, undo and redo.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, paneRowsCompared, expectedRows, state } from './helpers.js';

const base = fixture('team-scores.json');

/** Waits until the URL hash holds the current document. */
async function settledUrl(page) {
  await expect.poll(async () => page.evaluate(async () => {
    const { decodeHash } = await import('/web/url.js');
    const h = await decodeHash(location.hash);
    return h !== null && JSON.stringify(JSON.parse(h.scenario)) === JSON.stringify(window.windowpane.state().scenario);
  })).toBe(true);
  return page.url();
}

test('URL round trip: a fresh browser opening the link gets the same scenario and panes', async ({ page, browser }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await page.selectOption('[data-path="pipeline.accumulation"]', 'accumulating');
  const url = await settledUrl(page);
  expect(url).toContain('#s=');
  const scenario = (await state(page)).scenario;

  const other = await browser.newContext(); // empty localStorage
  const page2 = await other.newPage();
  await page2.goto(url);
  await page2.waitForFunction(() => window.windowpane?.state().ready && window.windowpane.state().output !== null);
  await expect.poll(async () => (await state(page2)).scenario).toEqual(scenario);
  const expected = await engineRun(page2, JSON.stringify(scenario));
  await expect.poll(() => paneRowsCompared(page2)).toEqual(expectedRows(expected.panes));
  await other.close();
});

test('a plain base64url JSON link works too', async ({ page }) => {
  const b64 = Buffer.from(base).toString('base64url');
  await openPage(page, `#s=${b64}`);
  await expect.poll(async () => (await state(page)).scenario).toEqual(JSON.parse(base));
});

test('reload keeps the state (autosave)', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'Events' }).click();
  const value = page.locator('[data-path="events[0].value"]');
  await value.fill('42');
  await value.press('Enter');
  await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(42);
  // Reload without the hash: only localStorage can bring it back.
  await page.goto('/index.html');
  await page.waitForFunction(() => window.windowpane?.state().ready);
  await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(42);
  expect((await state(page)).scenario.title).toBe(JSON.parse(base).title);
});

test('undo and redo, with buttons and keys', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await page.selectOption('[data-path="pipeline.combine"]', 'count');
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('count');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('sum');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('count');
  await page.locator('#undo').click();
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('sum');
  await page.locator('#redo').click();
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('count');
  const expected = await engineRun(page, JSON.stringify((await state(page)).scenario));
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(expected.panes));
});

test('download gives the scenario as JSON', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(base));
  expect(download.suggestedFilename()).toBe('browser-test-team-scores.json');
});

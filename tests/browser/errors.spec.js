// Bad input: the engine's error shows next to the field it names; the page keeps the last good state.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engine, engineRun, paneRowsCompared, expectedRows, snapshot, state } from './helpers.js';

const base = fixture('team-scores.json');

function withBadDelay() {
  const s = JSON.parse(base);
  s.pipeline.trigger = { type: 'after_watermark', early: { type: 'after_processing_time', delay: '1 minute' } };
  return JSON.stringify(s, null, 2);
}

test('a bad scenario typed in the JSON tab shows the engine\'s error at its field', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, base);
  const good = await engineRun(page, base);
  const bad = withBadDelay();
  const check = await engine(page, 'check', bad);
  expect(check.ok).toBe(false);

  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.locator('textarea.json').fill(bad);
  await page.locator('.json-editor button.apply').click();
  await expect.poll(async () => (await state(page)).error).toBe(check.message);

  // The message sits next to the control its path names, when the form has that control.
  const path = check.message.split(': ')[0];
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  const note = page.locator('.field-error').filter({ hasText: check.message });
  await expect(note).toBeVisible();
  const control = page.locator(`[data-path="${path}"]`);
  if (await control.count()) await expect(control).toHaveAttribute('aria-invalid', 'true');
  // The last good panes stay.
  await expect(page.locator('#stale')).toBeVisible();
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(good.panes));
  await snapshot(page, testInfo, 'bad-scenario');

  // Fixing the field clears the error.
  const delay = page.locator('[data-path="pipeline.trigger.early.delay"]');
  await delay.fill('1m');
  await delay.press('Enter');
  await expect.poll(async () => (await state(page)).error).toBeNull();
  await expect(page.locator('.field-error')).toHaveCount(0);
});

test('invalid JSON is reported in the editor and changes nothing', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.locator('textarea.json').fill('{"format": ');
  await page.locator('.json-editor button.apply').click();
  await expect(page.locator('.json-error')).toContainText('invalid JSON');
  expect((await state(page)).scenario).toEqual(JSON.parse(base));
});

test('a bad scenario in the URL shows its error and keeps a working page', async ({ page }, testInfo) => {
  const bad = withBadDelay();
  await openPage(page, `#s=${Buffer.from(bad).toString('base64url')}`);
  const check = await engine(page, 'check', bad);
  await expect.poll(async () => (await state(page)).error).toBe(check.message);
  await expect(page.locator('.field-error, #banner').filter({ hasText: check.message }).first()).toBeVisible();
  // The last good state (the first preset) is on screen, and one undo returns to it.
  const s = await state(page);
  expect(s.output).not.toBeNull();
  await page.locator('#undo').click();
  await expect.poll(async () => (await state(page)).error).toBeNull();
  await snapshot(page, testInfo, 'bad-url-undone');
});

test('an undecodable URL shows a banner', async ({ page }) => {
  await openPage(page, '#s=z.!!!not-base64');
  await expect(page.locator('#banner')).toContainText('invalid URL scenario');
  expect((await state(page)).output).not.toBeNull();
});

// The "Beam code" view: the façade's export_beam in Python and Java, copy and download, and the
// warnings of what an SDK cannot express.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openPage, engine, state } from './helpers.js';

async function exportOf(page, lang) {
  const { text } = await state(page);
  const r = await engine(page, 'export_beam', text, lang);
  expect(r.ok, r.message).toBe(true);
  return r.result;
}

test('shows the code of a preset; copy and download give the same code', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPage(page);
  await page.selectOption('#presets', 'several-keys');
  await expect.poll(async () => (await state(page)).scenario.title).toBe(JSON.parse((await engine(page, 'presets')).result.find((p) => p.id === 'several-keys').text).title);
  await page.locator('[role=tab][data-tab=beam]').click();
  const python = await exportOf(page, 'python');
  const code = page.locator('#tab-beam pre code');
  await expect(code).toHaveText(python.code, { useInnerText: false });
  expect(python.code).toContain('apache_beam');

  await page.locator('#tab-beam button', { hasText: 'Copy' }).click();
  await expect(page.locator('#tab-beam .toolbar .hint')).toHaveText('copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(python.code);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#tab-beam button', { hasText: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('windowpane_pipeline.py');
  expect(readFileSync(await download.path(), 'utf8')).toBe(python.code);

  await page.locator('#tab-beam select[aria-label=language]').selectOption('java');
  const java = await exportOf(page, 'java');
  await expect(page.locator('#tab-beam pre code')).toHaveText(java.code, { useInnerText: false });
  const [javaDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#tab-beam button', { hasText: 'Download' }).click()]);
  expect(javaDownload.suggestedFilename()).toBe('WindowpanePipeline.java');
  expect(readFileSync(await javaDownload.path(), 'utf8')).toBe(java.code);
});

test('accumulating_and_retracting shows the export\'s warning', async ({ page }) => {
  await openPage(page);
  await page.locator('[role=tab][data-tab=beam]').click();
  await page.selectOption('#presets', 'book-2-14-accumulating-and-retracting');
  await expect.poll(async () => (await state(page)).scenario.pipeline?.accumulation).toBe('accumulating_and_retracting');
  const python = await exportOf(page, 'python');
  expect(python.warnings.length).toBeGreaterThan(0);
  await expect(page.locator('#tab-beam .warnings li')).toHaveText(python.warnings);
  await expect(page.locator('#tab-beam .warnings')).toContainText('accumulating_and_retracting');
  // A preset without anything inexpressible has no warnings.
  await page.selectOption('#presets', 'several-keys');
  await expect(page.locator('#tab-beam .warnings')).toHaveCount(0);
  await expect(page.locator('#tab-beam pre code')).toContainText('apache_beam');
});

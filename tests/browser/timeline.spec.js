// The processing-time scrubber and play/pause redraw the chart at that time.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, snapshot, canvasPixels, state } from './helpers.js';

const base = fixture('team-scores.json');

test('scrubbing shows the chart and the panes as of that processing time', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, base);
  const run = await engineRun(page, base);
  const end = await canvasPixels(page);
  const times = run.panes.map((p) => p.emitted_at).sort((a, b) => a - b);
  expect(times.length).toBeGreaterThan(1);
  // Between the first and the last pane.
  const t = Math.round((times[0] + times[times.length - 1]) / 2);
  await page.evaluate((x) => window.windowpane.scrub(x), t);
  await expect(page.locator('.timeline')).toHaveAttribute('data-at', String(t));
  expect(await canvasPixels(page)).not.toEqual(end);
  const future = run.panes.filter((p) => p.emitted_at > t).length;
  expect(future).toBeGreaterThan(0);
  await expect(page.locator('#output-a .panes-table tbody tr.future')).toHaveCount(future);
  await snapshot(page, testInfo, 'scrubbed');

  // The slider itself moves the time too.
  await page.locator('.scrubber').fill('0');
  await expect(page.locator('.timeline .at')).toContainText('processing time');
  const first = (await state(page)).at;
  expect(first).not.toBeNull();
  expect(first).toBeLessThan(t);

  // Play advances, pause stops.
  await page.locator('.timeline .play').click();
  await expect.poll(async () => (await state(page)).at, { timeout: 5000 }).toBeGreaterThan(first);
  await page.locator('.timeline .play').click();
  const paused = (await state(page)).at;
  await page.waitForTimeout(300);
  expect((await state(page)).at).toBe(paused);

  await page.locator('.timeline button', { hasText: 'end' }).click();
  await expect(page.locator('.timeline')).toHaveAttribute('data-at', 'end');
  await expect(page.locator('#output-a .panes-table tbody tr.future')).toHaveCount(0);
});

// Compare mode as a user: Beam on configuration A, Flink on B, over the same events; the
// differences are listed with the engine's reasons and marked on both charts. The expected
// differences are worked out by hand from the two semantics (see crates/compare/src/tests.rs,
// same case): the watermark moves to exactly the window's max timestamp.
import { test, expect } from '@playwright/test';
import { openPage, load, snapshot } from './helpers.js';

/** Window [12:00, 12:01), max timestamp 12:00:59.999; the watermark reaches it at 12:02:00. */
const BOUNDARY = JSON.stringify({
  format: 'windowpane/1',
  title: 'The watermark at the max timestamp',
  events: [
    { key: 'k', value: 1, event_time: '12:00:10', arrival: '12:00:50' },
    { key: 'k', value: 2, event_time: '12:00:20', arrival: '12:03:00' },
  ],
  watermark: { model: 'explicit', points: [{ at: '12:02:00', to: '12:00:59.999' }] },
  end_of_input: '12:05:00',
  pipeline: { window: { type: 'fixed', size: '1m' } },
});

/** How many pixels of a canvas are the comparison marks' colour (style::COMPARE, #C2185B). */
function markPixels(page, selector) {
  return page.locator(selector).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0xc2) < 12 && Math.abs(d[i + 1] - 0x18) < 12 && Math.abs(d[i + 2] - 0x5b) < 12) n++;
    return n;
  });
}

for (const width of [1280, 400]) {
  test(`Beam beside Flink: the boundary differences are listed with reasons and marked on both charts (${width} px)`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await openPage(page);
    await load(page, BOUNDARY);
    expect(await markPixels(page, '#chart-a')).toBe(0);
    await page.check('#compare-toggle');
    await expect(page.locator('#tab-pipeline [data-config=b][aria-pressed=true]')).toBeVisible();
    // B starts as A: Beam, nothing differs.
    await expect(page.locator('#comparison h3')).toHaveText(/same panes/);
    await page.click('#tab-pipeline [data-path="b:semantics"] [data-semantics=flink]');
    await expect(page.locator('#tab-pipeline [data-path="b:semantics"] [data-semantics=flink]')).toHaveAttribute('aria-pressed', 'true');
    // The Flink form offers Flink's triggers and no accumulation mode.
    await expect(page.locator('#tab-pipeline select[data-path="b:pipeline.accumulation"]')).toHaveCount(0);
    // Beam: ON_TIME 3 at 12:05:00 (the watermark never passes 12:00:59.999 before the end);
    // Flink: ON_TIME 1 at 12:02:00 (timer <= watermark), and the 2 dropped (cleanup <= watermark).
    const rows = page.locator('#comparison .compare-table tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.nth(0).locator('td').nth(2)).toHaveText('3 ON_TIME at 12:05:00');
    await expect(rows.nth(0).locator('td').nth(3)).toHaveText('1 ON_TIME at 12:02:00');
    await expect(rows.nth(0).locator('td.what')).toHaveText('value, emission time');
    await expect(rows.nth(0).locator('[data-reason=timer_at_watermark]')).toContainText('reaches the window\'s max timestamp (12:00:59.999)');
    await expect(rows.nth(0).locator('[data-reason=lateness_boundary]')).toContainText('<= the watermark');
    const dropped = page.locator('#comparison .compare-dropped tbody tr');
    await expect(dropped).toHaveCount(1);
    await expect(dropped.nth(0)).toContainText('B (expired)');
    await expect(dropped.nth(0)).toContainText('Flink drops event 2 ');
    // Marked on both charts.
    await expect.poll(() => markPixels(page, '#chart-a')).toBeGreaterThan(50);
    await expect.poll(() => markPixels(page, '#chart-b')).toBeGreaterThan(50);
    const s = await page.evaluate(() => window.windowpane.state());
    expect(s.comparison.panes.map((d) => [d.a, d.b])).toEqual([[0, 0]]);
    await page.locator('#comparison').scrollIntoViewIfNeeded();
    await snapshot(page, testInfo, `compare-${width}`);
    await page.screenshot({ path: `test-results/shots/compare-${width}.png`, fullPage: true });
    await page.locator('#comparison').screenshot({ path: `test-results/shots/comparison-${width}.png` });
    await page.locator('.charts').screenshot({ path: `test-results/shots/charts-${width}.png` });
    // Back to Beam: nothing differs, no marks.
    await page.click('#tab-pipeline [data-path="b:semantics"] [data-semantics=beam]');
    await expect(page.locator('#comparison h3')).toHaveText(/same panes/);
    await expect.poll(() => markPixels(page, '#chart-b')).toBe(0);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
  });
}

test('A switched to Flink keeps B on Beam; the Flink pipeline is what Flink takes', async ({ page }) => {
  await openPage(page);
  await load(page, BOUNDARY);
  await page.check('#compare-toggle');
  await page.click('#tab-pipeline [data-config=a]');
  await page.click('#tab-pipeline [data-path=semantics] [data-semantics=flink]');
  await expect(page.locator('#comparison .compare-table tbody tr')).toHaveCount(1);
  const s = await page.evaluate(() => window.windowpane.state());
  expect(s.scenario.semantics).toBe('flink');
  expect(s.doc.compare.semantics).toBe('beam');
  expect(s.error).toBeNull();
  expect(s.errorB).toBeNull();
  // Now A is Flink: its ON_TIME 1 at 12:02:00 against B's (Beam) 3 at 12:05:00.
  await expect(page.locator('#comparison .compare-table tbody tr td').nth(2)).toHaveText('1 ON_TIME at 12:02:00');
});

test('B on Beam over a Flink A whose watermark has Flink-only fields runs without them and says so', async ({ page }) => {
  await openPage(page);
  const flink = JSON.parse(BOUNDARY);
  flink.semantics = 'flink';
  flink.watermark = { model: 'bounded_out_of_orderness', max_delay: '10s', idle_timeout: '30s', auto_watermark_interval: '200ms' };
  await load(page, JSON.stringify(flink));
  await page.check('#compare-toggle');
  await page.click('#tab-pipeline [data-config=b]');
  await page.click('#tab-pipeline [data-path="b:semantics"] [data-semantics=beam]');
  await expect(page.locator('#tab-pipeline [data-path="b:semantics"] [data-semantics=beam]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#comparison .ignored-fields')).toHaveText(
    'B runs Beam over A\'s watermark without "auto_watermark_interval", "idle_timeout": only Flink\'s watermark has them.');
  const s = await page.evaluate(() => window.windowpane.state());
  expect(s.error).toBeNull();
  expect(s.errorB).toBeNull();
  // Both ran: B's Beam panes are there (the pane table counts them in its summary).
  expect(s.comparison).not.toBeNull();
});

test('clicking a difference selects its panes on both charts', async ({ page }) => {
  await openPage(page);
  await load(page, BOUNDARY);
  await page.check('#compare-toggle');
  await page.click('#tab-pipeline [data-path="b:semantics"] [data-semantics=flink]');
  const row = page.locator('#comparison .compare-table tbody tr').first();
  await expect(row).toHaveAttribute('data-a', '0');
  await row.click();
  await expect.poll(async () => (await page.evaluate(() => window.windowpane.state())).selectedPane).toBe(0);
  // Both pane lists mark their pane as selected.
  await expect(page.locator('#output-a tr.selected')).toHaveCount(1);
  await expect(page.locator('#output-b tr.selected')).toHaveCount(1);
});

// What the sink holds, as a user: early panes + accumulating + an append-only sink count the
// window again at each pane (flagged), an upsert sink keyed by (key, window) does not; the view
// follows the timeline, and shows the same for configuration B (here Flink) in compare mode.
// Worked out by hand: early count-of-1 firings 3 (12:00:10) and 5 (12:00:20), ON_TIME 5 at 12:01:30.
import { test, expect } from '@playwright/test';
import { openPage, load, snapshot } from './helpers.js';

const EARLY_ACCUMULATING = JSON.stringify({
  format: 'windowpane/1',
  title: 'Early panes, accumulating',
  events: [
    { key: 'k', value: 3, event_time: '12:00:05', arrival: '12:00:10' },
    { key: 'k', value: 2, event_time: '12:00:15', arrival: '12:00:20' },
  ],
  watermark: { model: 'explicit', points: [{ at: '12:01:30', to: '12:01:00' }] },
  end_of_input: '12:02:00',
  pipeline: {
    window: { type: 'fixed', size: '1m' },
    trigger: { type: 'after_watermark', early: { type: 'after_count', count: 1 } },
    accumulation: 'accumulating',
  },
});

for (const width of [1280, 400]) {
  test(`the append-only sink double counts early accumulating panes; upsert does not (${width} px)`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await openPage(page);
    await load(page, EARLY_ACCUMULATING);
    const sink = page.locator('#sink-a .sink');
    await expect(sink).toHaveAttribute('data-kind', 'append');
    const final = sink.locator('.sink-part').last();
    await expect(final.locator('tbody tr')).toHaveCount(3);
    await expect(final.locator('.sink-flag[data-problem=double_counted]')).toHaveText(/DOUBLE COUNTED k \[12:00:00, 12:01:00\): its rows add up to 13, the window's value is 5/);
    await expect(sink.locator('.sink-warning')).toBeVisible();
    await sink.locator('.sink-part').last().scrollIntoViewIfNeeded();
    await snapshot(page, testInfo, `sink-append-${width}`);
    await page.screenshot({ path: `test-results/shots/sink-append-${width}.png`, fullPage: true });
    // At 12:00:15 only the first early pane is in: one row, nothing counted twice yet.
    await page.evaluate(() => window.windowpane.scrub(43_215_000));
    const now = page.locator('#sink-a .sink .sink-part').first();
    await expect(now.locator('h4')).toHaveText('At 12:00:15');
    await expect(now.locator('tbody tr')).toHaveCount(1);
    await expect(now.locator('.sink-ok')).toBeVisible();
    await page.evaluate(() => window.windowpane.scrub(null));
    await page.click('#sink-a [data-sink=upsert]');
    await expect(page.locator('#sink-a .sink')).toHaveAttribute('data-kind', 'upsert');
    const upsert = page.locator('#sink-a .sink .sink-part').last();
    await expect(upsert.locator('tbody tr')).toHaveCount(1);
    await expect(upsert.locator('tbody tr td.value')).toHaveText('5');
    await expect(upsert.locator('.sink-flag')).toHaveCount(0);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
  });
}

test('compare mode: the same sink view for B, read from Flink\'s firings', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, EARLY_ACCUMULATING);
  await page.check('#compare-toggle');
  await page.click('#tab-pipeline [data-path="b:semantics"] [data-semantics=flink]');
  // Flink's EventTimeTrigger: one firing, ON_TIME 5 at 12:01:30 — one row, nothing twice.
  const b = page.locator('#sink-b .sink');
  await expect(b.locator('h3')).toContainText('B: What the sink holds');
  await expect(b.locator('.sink-part').last().locator('tbody tr')).toHaveCount(1);
  await expect(b.locator('.sink-flag')).toHaveCount(0);
  await expect(page.locator('#sink-a .sink-flag[data-problem=double_counted]')).toHaveCount(1);
  // A count trigger fires at each element and keeps the contents (no purging): 3, then 5, then
  // the cleanup at the end emits nothing more; an append-only sink adds them up to 8.
  await page.selectOption('#tab-pipeline select[data-path="b:pipeline.trigger.type"]', 'count');
  await expect(b.locator('.sink-part').last().locator('tbody tr')).toHaveCount(2);
  await expect(b.locator('.sink-flag[data-problem=double_counted]')).toHaveText(/rows add up to 8, the window's value is 5/);
  await page.locator('#sink-b').scrollIntoViewIfNeeded();
  await snapshot(page, testInfo, 'sink-compare');
  await page.screenshot({ path: 'test-results/shots/sink-compare-1280.png', fullPage: true });
});

test('a large sink table lists its first 200 rows and says how many it holds; the double count is still flagged', async ({ page }) => {
  await openPage(page);
  // 300 events of one key, a pane per element in one window (accumulating): the append-only sink
  // holds 300 early rows plus the ON_TIME row at the end of input, and counts the window again each time.
  const events = Array.from({ length: 300 }, (_, i) => ({ key: 'k', value: 1, event_time: i * 100, arrival: 1000 + i * 100 }));
  await load(page, JSON.stringify({
    format: 'windowpane/1',
    events,
    watermark: { model: 'explicit', points: [] },
    end_of_input: 100_000,
    pipeline: { window: { type: 'global' }, trigger: { type: 'repeatedly', trigger: { type: 'after_count', count: 1 } }, accumulation: 'accumulating' },
  }));
  const final = page.locator('#sink-a .sink .sink-part').last();
  await expect(final.locator('tbody tr')).toHaveCount(200);
  await expect(final.locator('.sink-more')).toHaveText('The first 200 of 301 rows.');
  await expect(page.locator('#sink-a .sink-warning')).toBeVisible();
  await expect(final.locator('.sink-flag[data-problem=double_counted]')).toHaveCount(1);
});

// The page loads, draws, lists every preset, and a preset's panes are the engine's.
import { test, expect } from '@playwright/test';
import { openPage, engine, engineRun, paneRowsCompared, expectedRows, snapshot, canvasPixels, fixture, load } from './helpers.js';

test('loads, draws the chart and shows the first preset', async ({ page }, testInfo) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openPage(page);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  // The canvas is not blank: some pixel differs from the first one.
  const distinct = await page.locator('#chart-a').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
    return false;
  });
  expect(distinct).toBe(true);
  await snapshot(page, testInfo, 'first-load');
  expect(errors).toEqual([]);
});

test('the preset menu has every preset, and picking one shows its panes', async ({ page }, testInfo) => {
  await openPage(page);
  const presets = (await engine(page, 'presets')).result;
  expect(presets.length).toBeGreaterThan(0);
  const options = await page.locator('#presets option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  expect(options).toEqual(presets.map((p) => p.id));

  // Pick the last preset (the first is what the page opens with).
  const preset = presets[presets.length - 1];
  const before = await canvasPixels(page);
  await page.selectOption('#presets', preset.id);
  await expect.poll(async () => (await page.evaluate(() => window.windowpane.state().scenario.title)) ?? null)
    .toBe(JSON.parse(preset.text).title ?? null);
  const expected = await engineRun(page, preset.text);
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(expected.panes));
  await expect(page.locator('#output-a h3')).toContainText(`${expected.panes.length} pane`);
  if (presets.length > 1) expect(await canvasPixels(page)).not.toEqual(before);
  await snapshot(page, testInfo, `preset-${preset.id}`);
});

test('the events table marks the late and the dropped events the engine reports, and the output lists the dropped', async ({ page }) => {
  await openPage(page);
  await page.locator('[role=tab][data-tab="events"]').click();
  // With late firings and unbounded lateness the late elements are kept; with no lateness they
  // are dropped.
  for (const [lateness, expectDropped] of [['1000d', false], ['0s', true]]) {
    const s = JSON.parse(fixture('team-scores.json'));
    s.pipeline.trigger = { type: 'after_watermark', late: { type: 'after_count', count: 1 } };
    s.pipeline.allowed_lateness = lateness;
    const text = JSON.stringify(s);
    const run = await engineRun(page, text);
    const dropped = new Set(run.dropped.map((d) => d.event));
    const late = new Set(run.late_events);
    expect(late.size, lateness).toBeGreaterThan(0);
    expect(dropped.size > 0, lateness).toBe(expectDropped);
    await load(page, text);
    const want = s.events.map((_, i) => (dropped.has(i) ? 'dropped' : late.has(i) ? 'late' : ''));
    await expect.poll(() => page.locator('#tab-events tr[data-event]').evaluateAll(
      (rows) => rows.map((r) => r.querySelector('td.status')?.textContent ?? '')), { message: lateness }).toEqual(want);
    // The output's list of dropped elements: the engine's, in its order.
    await expect(page.locator('#output-a details.dropped summary')).toHaveText(`Dropped elements: ${run.dropped.length}`);
    const listed = await page.locator('#output-a .dropped-table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-dropped'))));
    expect(listed).toEqual(run.dropped.map((d) => d.event));
  }
});

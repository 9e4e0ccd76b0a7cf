// Seeing the run (issue 12, items 2, 6 and 9): tooltips for what is under the pointer, a pane
// selected on the chart or in the list (outlined on the chart, its reason shown), adding events
// as a gesture of its own, the keyboard through the panes, the timeline stepping from happening
// to happening with the time in the link, and values rounded for people. At 1280 and 400 px.
// Pixel positions come from the page's plot-area mapping (the façade's chart layout); expected
// panes, reasons and times come from a separate run of the façade, never from the page.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, snapshot, state, shownNumber } from './helpers.js';

const base = fixture('team-scores.json');

/** Page coordinates of canvas pixel (x, y) on `selector`. */
async function toPage(page, x, y, selector = '#chart-a') {
  await page.locator(selector).scrollIntoViewIfNeeded();
  const box = await page.locator(selector).boundingBox();
  const { width, height } = await page.locator(selector).evaluate((c) => ({ width: c.width, height: c.height }));
  return { x: box.x + (x * box.width) / width, y: box.y + (y * box.height) / height };
}

/** A time of day on 1970-01-01 as HH:MM:SS (whole seconds), written here for the expectations. */
function clockOf(ms) {
  const s = Math.floor(ms / 1000);
  return [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Canvas pixel of (eventTime, processingTime) on chart A. */
function pixel(layout, eventTime, processingTime) {
  const fx = (eventTime - layout.event_time.min) / (layout.event_time.max - layout.event_time.min);
  const fy = (processingTime - layout.processing_time.min) / (layout.processing_time.max - layout.processing_time.min);
  return { x: layout.plot.x + fx * layout.plot.width, y: layout.plot.y + layout.plot.height - fy * layout.plot.height };
}

/**
 * The canvas pixel inside pane `i`'s band: the middle of its window in event time, 8 pixels
 * under its emission time (a band hangs 16 pixels below the time it was emitted).
 */
function inPane(layout, pane) {
  const p = pixel(layout, (pane.window.start + pane.window.end) / 2, pane.emitted_at);
  return { x: p.x, y: p.y + 8 };
}

/** How many pixels of the canvas in the box around (x, y) are the selection's blue (#1A3FD6). */
function bluePixels(page, x0, y0, x1, y1) {
  return page.locator('#chart-a').evaluate((c, r) => {
    const d = c.getContext('2d').getImageData(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x1a) < 24 && Math.abs(d[i + 1] - 0x3f) < 24 && Math.abs(d[i + 2] - 0xd6) < 24) n++;
    return n;
  }, { x0: Math.max(0, Math.round(x0)), y0: Math.max(0, Math.round(y0)), x1: Math.round(x1), y1: Math.round(y1) });
}

/** Hovers canvas pixel (x, y) and returns the tooltip's text once it shows. */
async function hoverTip(page, x, y) {
  const p = await toPage(page, x, y);
  await page.mouse.move(p.x - 3, p.y);
  await page.mouse.move(p.x, p.y);
  const tip = page.locator('#pane-a .chart-tip');
  await expect(tip).toBeVisible();
  return tip;
}

for (const width of [1280, 400]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('pointing explains, clicking a pane selects it on the chart and in the list', async ({ page }, testInfo) => {
      await openPage(page);
      await load(page, base);
      const expected = await engineRun(page, base);
      const { layout } = await state(page);
      const i = 0;
      const pane = expected.panes[i];

      // A pane: its number, timing, key and value.
      const at = inPane(layout, pane);
      const tip = await hoverTip(page, at.x, at.y);
      await expect(tip).toContainText(`Pane ${i + 1}`);
      await expect(tip).toContainText(pane.timing);
      await expect(tip).toContainText(pane.key);
      await expect(tip).toContainText(` ${shownNumber(pane.value)} `);
      await snapshot(page, testInfo, `hover-pane-${width}`);

      // A dot: the element's number and value.
      const e = expected.events[4];
      const dot = pixel(layout, e.event_time, e.arrival);
      await expect(await hoverTip(page, dot.x, dot.y)).toContainText(`Element 5: ${e.key} = ${shownNumber(e.value)}`);

      // The watermark line, on its vertical run at its first level (12:00:00 until 12:06:00).
      const w = expected.watermark;
      const line = pixel(layout, w[0].to, (w[0].at + w[1].at) / 2);
      await expect(await hoverTip(page, line.x, line.y)).toContainText('Watermark at');

      // A window, away from everything: near the plot's lower right corner, in the 2-minute
      // window that holds the event time there.
      const away = { x: layout.plot.x + layout.plot.width * 0.93, y: layout.plot.y + layout.plot.height * 0.93 };
      const t = layout.event_time.min + 0.93 * (layout.event_time.max - layout.event_time.min);
      const start = t - (t % 120_000);
      await expect(await hoverTip(page, away.x, away.y)).toContainText(`Window [${clockOf(start)}, ${clockOf(start + 120_000)})`);

      // Before the click no pixel around the box is the selection's blue; after it, its outline is.
      const ring = [at.x - 80, at.y - 14, at.x + 80, at.y + 14];
      const before = await bluePixels(page, ...ring);
      const n = (await state(page)).scenario.events.length;
      const p = await toPage(page, at.x, at.y);
      await page.mouse.click(p.x, p.y);
      await expect.poll(async () => (await state(page)).selectedPane).toBe(i);
      await expect.poll(() => bluePixels(page, ...ring)).toBeGreaterThan(before + 100);
      expect((await state(page)).scenario.events.length, 'a plain click on a pane adds no event').toBe(n);
      // The reason is the engine's, under the chart and in the list; the row is selected.
      await expect(page.locator('#pane-a .chart-reason .reason-text')).toHaveText(expected.reasons[i]);
      await expect(page.locator('#output-a .reason .reason-text')).toHaveText(expected.reasons[i]);
      await expect(page.locator(`#output-a tr[data-pane="${i}"]`)).toHaveClass(/selected/);
      // Its elements are ringed: blue pixels at the dot of an element of the pane's window.
      const member = expected.events.findIndex((ev) => ev.key === pane.key && ev.event_time >= pane.window.start && ev.event_time < pane.window.end && ev.arrival <= pane.emitted_at);
      const m = pixel(layout, expected.events[member].event_time, expected.events[member].arrival);
      expect(await bluePixels(page, m.x - 9, m.y - 9, m.x + 9, m.y + 9)).toBeGreaterThan(10);
      await snapshot(page, testInfo, `selected-${width}`);

      // The list selects on the chart: another row, another outline.
      const j = 2;
      const other = inPane(layout, expected.panes[j]);
      const otherRing = [other.x - 80, other.y - 14, other.x + 80, other.y + 14];
      const otherBefore = await bluePixels(page, ...otherRing);
      await page.locator(`#output-a tr[data-pane="${j}"]`).click();
      await expect.poll(() => bluePixels(page, ...otherRing)).toBeGreaterThan(otherBefore + 100);
      await expect.poll(() => bluePixels(page, ...ring)).toBeLessThan(before + 20);
      await expect(page.locator('#pane-a .chart-reason .reason-text')).toHaveText(expected.reasons[j]);
      await expect(page.locator('#pane-a canvas')).toHaveAttribute('data-selected-pane', String(j));
      await snapshot(page, testInfo, `selected-from-list-${width}`);

      // A click on the empty plot clears the selection and adds nothing.
      const empty = await toPage(page, away.x, away.y);
      await page.mouse.click(empty.x, empty.y);
      await expect.poll(async () => (await state(page)).selectedPane).toBe(null);
      expect((await state(page)).scenario.events.length).toBe(n);
    });

    test('adding an event is a gesture of its own: Shift+click, or the add mode', async ({ page }) => {
      await openPage(page);
      await load(page, base);
      const { layout } = await state(page);
      const n = (await state(page)).scenario.events.length;
      await expect(page.locator('.chart-help')).toContainText('Shift+click adds an event');
      const spot = await toPage(page, layout.plot.x + layout.plot.width * 0.93, layout.plot.y + layout.plot.height * 0.93);
      await page.keyboard.down('Shift');
      await page.mouse.click(spot.x, spot.y);
      await page.keyboard.up('Shift');
      await expect.poll(async () => (await state(page)).scenario.events.length).toBe(n + 1);
      // The add mode: a plain click adds while it is on, and not once it is off.
      await page.locator('#add-mode').click();
      await expect(page.locator('#add-mode')).toHaveAttribute('aria-pressed', 'true');
      const spot2 = await toPage(page, layout.plot.x + layout.plot.width * 0.85, layout.plot.y + layout.plot.height * 0.93);
      await page.mouse.click(spot2.x, spot2.y);
      await expect.poll(async () => (await state(page)).scenario.events.length).toBe(n + 2);
      await page.locator('#add-mode').click();
      const spot3 = await toPage(page, layout.plot.x + layout.plot.width * 0.75, layout.plot.y + layout.plot.height * 0.93);
      await page.mouse.click(spot3.x, spot3.y);
      await page.waitForTimeout(300);
      expect((await state(page)).scenario.events.length).toBe(n + 2);
    });

    test('the keyboard goes through the panes; Enter explains', async ({ page }, testInfo) => {
      await openPage(page);
      await load(page, base);
      const expected = await engineRun(page, base);
      const canvas = page.locator('#chart-a');
      await canvas.focus();
      await page.keyboard.press('Tab');
      await expect(canvas).toHaveAttribute('data-focus-pane', '0');
      await expect(page.locator('#pane-a .chart-tip')).toContainText('Pane 1');
      await page.keyboard.press('ArrowRight');
      await expect(canvas).toHaveAttribute('data-focus-pane', '1');
      await page.keyboard.press('Tab');
      await expect(canvas).toHaveAttribute('data-focus-pane', '2');
      await page.keyboard.press('Shift+Tab');
      await expect(canvas).toHaveAttribute('data-focus-pane', '1');
      await snapshot(page, testInfo, `focus-${width}`);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await state(page)).selectedPane).toBe(1);
      await expect(page.locator('#pane-a .chart-reason .reason-text')).toHaveText(expected.reasons[1]);
      // Past the last pane, Tab leaves the chart.
      for (let k = 1; k < expected.panes.length; k++) await page.keyboard.press('ArrowRight');
      await expect(canvas).toHaveAttribute('data-focus-pane', String(expected.panes.length - 1));
      await page.keyboard.press('Tab');
      await expect(canvas).not.toBeFocused();
    });

    test('the timeline steps from happening to happening, and the link keeps the time', async ({ page, context }, testInfo) => {
      await openPage(page);
      await load(page, base);
      const expected = await engineRun(page, base);
      // Every processing time at which something happens, worked out here from the run.
      const times = [...new Set([...expected.events.map((e) => e.arrival), ...expected.watermark.map((w) => w.at), ...expected.panes.map((p) => p.emitted_at)])].sort((a, b) => a - b);
      const timeline = page.locator('.timeline');
      await page.locator('.timeline .step-on').click(); // from the end: nothing after
      await expect(timeline.locator('.happening')).toHaveText('nothing happens after this');
      await page.locator('.timeline .step-back').click();
      await expect(timeline).toHaveAttribute('data-at', String(times[times.length - 1]));
      await page.locator('.timeline .step-back').click();
      await expect(timeline).toHaveAttribute('data-at', String(times[times.length - 2]));
      // Keys: ',' back, '.' on (the chart has the focus, not a text box).
      await page.locator('#chart-a').focus();
      await page.keyboard.press(',');
      await expect(timeline).toHaveAttribute('data-at', String(times[times.length - 3]));
      await page.keyboard.press('.');
      await expect(timeline).toHaveAttribute('data-at', String(times[times.length - 2]));
      // The first happening: the watermark's move at 12:05:00 (the file's own clock time), then
      // the first arrival at 12:05:19.
      await page.evaluate(() => window.windowpane.scrub(0));
      await page.locator('.timeline .step-on').click();
      await expect(timeline).toHaveAttribute('data-at', String(times[0]));
      await expect(timeline.locator('.at')).toHaveText('processing time 12:05:00');
      await expect(timeline.locator('.happening')).toHaveText('12:05:00: the watermark moves to 12:00:00');
      await page.locator('.timeline .step-on').click();
      await expect(timeline.locator('.at')).toHaveText('processing time 12:05:19');
      await expect(timeline.locator('.happening')).toContainText('12:05:19: 1 element arrives');
      // A pane's moment says which pane fires.
      const first = expected.panes[0];
      await page.evaluate((t) => window.windowpane.scrub(t - 1), first.emitted_at);
      await page.locator('.timeline .step-on').click();
      await expect(timeline).toHaveAttribute('data-at', String(first.emitted_at));
      await expect(timeline.locator('.happening')).toContainText(`pane 1 fires (${first.timing} ${shownNumber(first.value)}`);
      await snapshot(page, testInfo, `step-${width}`);
      // Speeds.
      await expect(page.locator('.timeline .speed option')).toHaveText(['0.25×', '0.5×', '1×', '2×', '4×']);
      // The link carries the time; opening it starts there.
      // (The link follows the time a moment later: an earlier link carries an earlier time.)
      await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('at=12:06:00');
      const url = page.url();
      const again = await context.newPage();
      await again.setViewportSize({ width, height: 900 });
      await openPage(again, new URL(url).hash);
      await expect(again.locator('.timeline')).toHaveAttribute('data-at', String(first.emitted_at));
      await snapshot(again, testInfo, `opened-at-${width}`);
      await again.close();
    });
  });
}

test('values are rounded for people; the records keep them exact', async ({ page }, testInfo) => {
  await openPage(page);
  const text = JSON.stringify({
    format: 'windowpane/1', title: 'A mean',
    events: [
      { key: 'k', value: 20, event_time: '12:00:10', arrival: '12:00:20' },
      { key: 'k', value: 22, event_time: '12:00:20', arrival: '12:00:30' },
      { key: 'k', value: 24.1, event_time: '12:00:30', arrival: '12:00:40' },
    ],
    watermark: { model: 'perfect' }, end_of_input: '12:05:00',
    pipeline: { window: { type: 'fixed', size: '2m' }, combine: 'mean' },
  });
  await load(page, text);
  const { output } = await state(page);
  const exact = (20 + 22 + 24.1) / 3;
  expect(output.panes[0].value).toBe(exact);
  await expect(page.locator('#output-a tr[data-pane="0"] td.value')).toHaveText('22.03');
  await expect(page.locator('#sink-a')).toContainText('22.03');
  await expect(page.locator('#sink-a')).not.toContainText(String(exact));
  await snapshot(page, testInfo, 'rounded');
});

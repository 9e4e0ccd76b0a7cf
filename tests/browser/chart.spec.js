// Direct manipulation on the chart: drag an event, Shift+click to add one, Delete removes the selected one.
// Pixel positions come from the page's plot-area mapping (the façade's chart layout).
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, paneRowsCompared, expectedRows, snapshot, state, chartPoint as at, layoutOrSkip } from './helpers.js';

const base = fixture('team-scores.json');

test('dragging an event changes its event time and arrival, and the panes follow', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, base);
  const layout = await layoutOrSkip(page);
  const { output } = await state(page);
  const e = output.events[2];
  const from = await at(page, layout, e.event_time, e.arrival);
  const target = { eventTime: e.event_time + 60_000, arrival: e.arrival + 30_000 };
  const to = await at(page, layout, target.eventTime, target.arrival);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 3 });
  await page.mouse.up();

  const after = await state(page);
  const moved = after.output.events[2];
  // Within a second of the target (the drag snaps to whole seconds; a pixel is worth more than that).
  const msPerPixel = Math.max((layout.event_time.max - layout.event_time.min) / layout.plot.width,
    (layout.processing_time.max - layout.processing_time.min) / layout.plot.height);
  expect(Math.abs(moved.event_time - target.eventTime)).toBeLessThanOrEqual(1000 + 2 * msPerPixel);
  expect(Math.abs(moved.arrival - target.arrival)).toBeLessThanOrEqual(1000 + 2 * msPerPixel);
  expect(moved.event_time).not.toBe(e.event_time);
  // The events table shows the new times as written into the scenario.
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.locator('[data-path="events[2].event_time"]')).toHaveValue(String(after.scenario.events[2].event_time));
  await expect(page.locator('[data-path="events[2].arrival"]')).toHaveValue(String(after.scenario.events[2].arrival));
  // And the panes are the engine's for the moved event.
  const expected = await engineRun(page, JSON.stringify(after.scenario));
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(expected.panes));
  await snapshot(page, testInfo, 'after-drag');

  // One undo puts the event back (the whole drag is one step).
  await page.locator('#undo').click();
  await expect.poll(async () => (await state(page)).output.events[2]).toEqual(e);
});

test('Shift+click adds an event; Delete removes the selected one', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  const layout = await layoutOrSkip(page);
  const n = (await state(page)).scenario.events.length;
  // An empty spot: a quarter into the plot, near the bottom.
  const box = await page.locator('#chart-a').boundingBox();
  const { width, height } = await page.locator('#chart-a').evaluate((c) => ({ width: c.width, height: c.height }));
  const px = layout.plot.x + layout.plot.width * 0.93;
  const py = layout.plot.y + layout.plot.height * 0.93;
  await page.keyboard.down('Shift');
  await page.mouse.click(box.x + (px * box.width) / width, box.y + (py * box.height) / height);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await state(page)).scenario.events.length).toBe(n + 1);
  const s = await state(page);
  expect(s.selectedEvent).toBe(n);
  expect(s.output.events.length).toBe(n + 1);
  await page.locator('#chart-a').press('Delete');
  await expect.poll(async () => (await state(page)).scenario.events.length).toBe(n);
});

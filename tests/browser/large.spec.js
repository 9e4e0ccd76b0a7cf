// Runs go to the Web Worker's session, which draws too; window.windowpane.load resolves after the chart is on the page.
import { test, expect } from '@playwright/test';
import { openPage, fixture, state } from './helpers.js';

test('25 000 events run in the worker, show progress and give the engine\'s panes', async ({ page }) => {
  test.setTimeout(120_000);
  await openPage(page);
  const s = JSON.parse(fixture('team-scores.json'));
  s.watermark = { model: 'perfect' };
  delete s.end_of_input;
  const start = 12 * 3_600_000;
  s.events = Array.from({ length: 25_000 }, (_, i) => ({ key: `k${i % 7}`, value: i % 10, event_time: start + i * 500, arrival: start + i * 500 + (i % 13) * 1000 }));
  const text = JSON.stringify(s);
  expect(page.workers()).toHaveLength(1); // every run goes to the worker's session
  await page.evaluate((t) => {
    const box = document.getElementById('progress');
    window.__progressSeen = false;
    new MutationObserver(() => { if (!box.hidden) window.__progressSeen = true; }).observe(box, { attributes: true });
    window.__loading = window.windowpane.load(t);
  }, text);
  await page.evaluate(() => window.__loading);
  expect(await page.evaluate(() => window.__progressSeen)).toBe(true);
  await expect(page.locator('#progress')).toBeHidden();
  const expected = await page.evaluate(async (t) => {
    const m = await import('/web/pkg/windowpane_wasm.js');
    await m.default();
    const r = new m.Playground().run(t);
    return { panes: r.panes.length, first: r.panes[0], last: r.panes[r.panes.length - 1] };
  }, text);
  const got = await state(page);
  expect(got.output.panes.length).toBe(expected.panes);
  expect(got.output.panes[0]).toEqual(expected.first);
  expect(got.output.panes[got.output.panes.length - 1]).toEqual(expected.last);
});

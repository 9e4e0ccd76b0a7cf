// Shared steps of the browser tests. Expected panes always come from the façade's own run() in the
// page (imported separately from the app), so the tests check that the page shows what the engine gives.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';

/** The text of a fixture in tests/browser/fixtures/. @param {string} name */
export function fixture(name) {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Opens the page (optionally with a query/hash) and waits until the first run is drawn. */
export async function openPage(page, suffix = '') {
  // The first visit's tour stays closed (tour.js remembers a dismissal there); why.spec.js opens it.
  await page.addInitScript(() => { try { localStorage.setItem('windowpane.tour', 'dismissed'); } catch { /* no storage */ } });
  await page.goto(`/index.html${suffix}`);
  await page.waitForFunction(() => typeof window.windowpane?.state === 'function' && window.windowpane.state().ready, null, { timeout: 30_000 });
}

/** Loads a scenario text through the page hook; resolves after the redraw. */
export async function load(page, text) {
  await page.evaluate((t) => window.windowpane.load(t), text);
}

/** The page's state, with the runs shown read whole from their sessions (the page hook's snapshot). */
export function state(page) {
  return page.evaluate(() => window.windowpane.snapshot());
}

/**
 * Runs `text` through a fresh Playground of the façade in the page (not the app's own calls).
 * Returns {ok: true, result} or {ok: false, message}.
 */
export function engine(page, method, ...args) {
  return page.evaluate(async ({ method, args }) => {
    const m = await import('/web/pkg/windowpane_wasm.js');
    await m.default();
    const pg = new m.Playground();
    try {
      return { ok: true, result: pg[method](...args) ?? null };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }, { method, args });
}

/** The façade's run() of `text`, which must succeed. */
export async function engineRun(page, text) {
  const r = await engine(page, 'run', text);
  expect(r.ok, r.message).toBe(true);
  return r.result;
}

/** The rows of the pane list A as [{timing, value, index, key}] read from the DOM. */
export function paneRows(page, which = 'a') {
  return page.locator(`#output-${which} .panes-table tbody tr`).evaluateAll((rows) => rows.map((r) => {
    const c = [...r.cells].map((td) => td.textContent);
    return { key: c[1], window: c[2], value: c[3], timing: c[4], index: c[5], on_time_index: c[6], is_first: c[7], is_last: c[8] };
  }));
}

/**
 * A number as the page shows values: at most two decimals, trailing zeros dropped, a typographic
 * minus (written here independently of the façade's format_value).
 * @param {number} x
 */
export function shownNumber(x) {
  const s = String(Math.round(Math.abs(x) * 100) / 100);
  return x < 0 && s !== '0' ? `\u2212${s}` : s;
}

/** Pane records reduced to what paneRows reads, for comparison. */
export function expectedRows(panes) {
  return panes.map((p) => ({
    key: p.key,
    value: p.value === null ? '∅' : Array.isArray(p.value) ? `[${p.value.map(shownNumber).join(', ')}]` : shownNumber(p.value),
    timing: p.timing,
    index: String(p.index),
    on_time_index: p.on_time_index === null ? '—' : String(p.on_time_index),
    is_first: p.is_first ? 'yes' : 'no',
    is_last: p.is_last ? 'yes' : 'no',
  }));
}

/** paneRows without the window column (its format is the page's). */
export async function paneRowsCompared(page, which = 'a') {
  return (await paneRows(page, which)).map(({ window: _w, ...rest }) => rest);
}

/** Saves a full-page screenshot as a test artefact. */
export async function snapshot(page, testInfo, name) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
}

/** A hash of the canvas pixels (to see that a redraw changed the picture). */
export function canvasPixels(page, selector = '#chart-a') {
  return page.locator(selector).evaluate((c) => c.toDataURL());
}

/** Page coordinates of (eventTime, processingTime) on canvas A. */
export async function chartPoint(page, layout, eventTime, processingTime) {
  const box = await page.locator('#chart-a').boundingBox();
  const { width, height } = await page.locator('#chart-a').evaluate((c) => ({ width: c.width, height: c.height }));
  const fx = (eventTime - layout.event_time.min) / (layout.event_time.max - layout.event_time.min);
  const fy = (processingTime - layout.processing_time.min) / (layout.processing_time.max - layout.processing_time.min);
  const x = layout.plot.x + fx * layout.plot.width;
  const y = layout.plot.y + layout.plot.height - fy * layout.plot.height;
  return { x: box.x + (x * box.width) / width, y: box.y + (y * box.height) / height };
}

/** The chart layout that pg.draw_kept returned (the page keeps it); it must be there. */
export async function layoutOrSkip(page) {
  const { layout } = await state(page);
  expect(layout, 'pg.draw_kept returns the chart layout').not.toBeNull();
  expect(layout.plot.width).toBeGreaterThan(0);
  expect(layout.event_time.max).toBeGreaterThan(layout.event_time.min);
  return layout;
}

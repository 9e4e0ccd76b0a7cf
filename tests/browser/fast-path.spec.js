// The page's fast path for large scenarios: edits of the pipeline reuse the events the engine's
// side parsed; dense events are drawn as one aggregated image; a long run shows its progress and
// leaves the page responsive.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, state } from './helpers.js';

const START = 12 * 3_600_000;

/** A scenario of `n` events over 10 keys, one every 50 ms, arriving 0 to 30 s late. */
function bigScenario(n, lateness) {
  const s = JSON.parse(fixture('team-scores.json'));
  s.watermark = { model: 'bounded_out_of_orderness', max_delay: '10s' };
  delete s.end_of_input;
  s.pipeline.allowed_lateness = lateness;
  s.events = Array.from({ length: n }, (_, i) => ({ key: `k${i % 10}`, value: i % 7, event_time: START + i * 50, arrival: START + i * 50 + ((i * 7919) % 30_000) }));
  return s;
}

test('an edit of the pipeline of a large scenario reuses its events and gives the engine\'s panes', async ({ page }) => {
  test.setTimeout(120_000);
  await openPage(page);
  const before = bigScenario(25_000, '0s'); // above the worker threshold (runner.js)
  await load(page, JSON.stringify(before));
  const edited = { ...before, pipeline: { ...before.pipeline, allowed_lateness: '5s' } };
  const text = JSON.stringify(edited);
  // The worker is sent the scenario without its events.
  await page.evaluate(() => {
    window.__sent = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message.call === 'run') window.__sent.push({ same: message.same, length: message.text.length });
      return post.call(this, message, ...rest);
    };
  });
  await load(page, text);
  const sent = await page.evaluate(() => window.__sent);
  expect(sent).toHaveLength(1);
  expect(sent[0].same).toBe(true);
  expect(sent[0].length).toBeLessThan(5_000);
  const expected = await engineRun(page, text);
  const got = await state(page);
  expect(got.output.panes).toEqual(expected.panes);
  expect(got.output.late_events).toEqual(expected.late_events);
  expect(got.output.dropped).toEqual(expected.dropped);
  expect(got.output.events).toHaveLength(25_000);
  expect(got.output.events[24_999]).toEqual(expected.events[24_999]);
  // Undo goes back to the first pipeline, over the same events.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await state(page)).output.panes.length).toBe((await engineRun(page, JSON.stringify(before))).panes.length);
});

test('dense events are drawn as one aggregated image, where the events are', async ({ page }) => {
  await openPage(page);
  const s = JSON.parse(fixture('team-scores.json'));
  s.watermark = { model: 'perfect' };
  delete s.end_of_input;
  // 3 000 events (above the chart's 2 000 for a heat map) in two clusters: 2 900 at one spot,
  // 100 at another; nothing in between.
  const a = { et: START + 10_000, at: START + 20_000 };
  const b = { et: START + 100_000, at: START + 150_000 };
  s.events = Array.from({ length: 3_000 }, (_, i) => {
    const c = i < 2_900 ? a : b;
    return { key: 'k', value: 1, event_time: c.et, arrival: c.at };
  });
  await load(page, JSON.stringify(s));
  const pixels = await page.evaluate(({ a, b }) => {
    const { layout } = window.windowpane.state();
    const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById('chart-a'));
    const ctx = canvas.getContext('2d');
    const px = (et, pt) => ({
      x: layout.plot.x + ((et - layout.event_time.min) / (layout.event_time.max - layout.event_time.min)) * layout.plot.width,
      y: layout.plot.y + layout.plot.height - ((pt - layout.processing_time.min) / (layout.processing_time.max - layout.processing_time.min)) * layout.plot.height,
    });
    // The darkest pixel around p (the cell of p may start a pixel either side of it).
    const at = (p) => {
      const d = ctx.getImageData(Math.round(p.x) - 2, Math.round(p.y) - 2, 5, 5).data;
      let best = [255, 255, 255, 255];
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < best[0] + best[1] + best[2]) best = [d[i], d[i + 1], d[i + 2], d[i + 3]];
      return best;
    };
    const pa = px(a.et, a.at);
    const pb = px(b.et, b.at);
    return { a: at(pa), b: at(pb), between: at({ x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 }) };
  }, { a, b });
  // The density ramp runs from #DEEBF7 (few) to #08306B (most), log-scaled to the densest cell.
  expect(pixels.a.slice(0, 3)).toEqual([0x08, 0x30, 0x6b]);
  const lighter = pixels.b[0] + pixels.b[1] + pixels.b[2];
  expect(lighter).toBeGreaterThan(0x08 + 0x30 + 0x6b);
  expect(pixels.b[2]).toBeGreaterThan(pixels.b[0]); // blue, not the white of the background
  expect(pixels.between.slice(0, 3)).not.toEqual([0x08, 0x30, 0x6b]);
  expect(pixels.between.slice(0, 3)).not.toEqual(pixels.b.slice(0, 3));
});

test('a long run shows its progress and the page keeps painting frames', async ({ page }) => {
  test.setTimeout(180_000);
  await openPage(page);
  const text = JSON.stringify(bigScenario(300_000, '1m'));
  const seen = await page.evaluate(async (t) => {
    // Frames painted while the progress box shows, and what it said.
    const box = /** @type {HTMLElement} */ (document.getElementById('progress'));
    let frames = 0;
    let done = false;
    const said = new Set();
    const tick = () => {
      if (!box.hidden) { frames++; said.add(box.textContent); }
      if (!done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    await window.windowpane.load(t);
    done = true;
    return { frames, said: [...said] };
  }, text);
  expect(seen.frames).toBeGreaterThan(2);
  expect(seen.said.some((s) => s.includes('300,000 events'))).toBe(true);
  await expect(page.locator('#progress')).toBeHidden();
  expect((await state(page)).output.panes.length).toBeGreaterThan(0);
});

test('few events with many windows each: a newer small scenario replaces the long run and is shown', async ({ page }) => {
  test.setTimeout(120_000);
  await openPage(page);
  // 2,000 events, each in 10,000 sliding windows: millions of windows, far too much for the
  // page's thread (the event count alone would keep it there).
  const heavy = bigScenario(2_000, '0s');
  heavy.pipeline.window = { type: 'sliding', size: 10_000, period: 1 };
  await page.evaluate((t) => { window.__heavy = window.windowpane.load(t).then(() => 'done', (e) => `failed: ${e.message}`); }, JSON.stringify(heavy));
  await page.waitForTimeout(1_500); // the worker is busy with it
  // The page's own thread is free, and a newer run does not wait for the old one: the busy
  // worker is replaced (runner.js SUPERSEDE_AFTER) and the small scenario is shown.
  const small = fixture('team-scores.json');
  const t0 = Date.now();
  await load(page, small);
  expect(Date.now() - t0).toBeLessThan(30_000);
  const got = await state(page);
  expect(got.error).toBeNull();
  expect(got.output.panes).toEqual((await engineRun(page, small)).panes);
  await expect(page.locator('#progress')).toBeHidden();
});

test('edits replace the run their session keeps: the worker\'s wasm memory stays flat', async ({ page }) => {
  test.setTimeout(120_000);
  await openPage(page);
  await load(page, JSON.stringify(bigScenario(200_000, '1m')));
  const grown = await page.evaluate(async () => {
    const edit = async (r) => {
      const input = /** @type {HTMLInputElement} */ (document.querySelector('input[data-path="pipeline.allowed_lateness"]'));
      input.value = `${2 + r}m`;
      const done = window.windowpane.settled();
      input.dispatchEvent(new Event('change'));
      await done;
    };
    await edit(0);
    const before = await window.windowpane.workerMemory();
    for (let r = 1; r <= 12; r++) await edit(r);
    return { before, grown: (await window.windowpane.workerMemory()) - before };
  });
  expect(grown.before).toBeGreaterThan(20_000_000); // 200,000 events' run lives in the worker
  expect(grown.grown).toBeLessThan(4_000_000);
});

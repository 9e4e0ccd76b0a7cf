// `npm run bench`: the playground's edit-to-redraw time in headless Chromium, and the wasm size.
//
//   node scripts/bench-page.mjs [--sizes 10000,100000,1000000] [--reps 7]
//
// Needs the built page (`npm run build`; `npm run bench` builds first). For each size, the page
// generates a scenario of that many events (deterministic) and loads it once (warm-up). Then:
// - edits: after one untimed edit, `reps` times, a new allowed lateness typed into the pipeline
//   form's field, with the pipeline tab open (its change event, as when a user leaves the field), timed until the page's refresh has redrawn the chart
//   (`window.windowpane.settled()`), and until the next frame is presented after it;
// - loads: `reps` times, a whole new scenario text (another allowed lateness) through the page's
//   hook `window.windowpane.load(text)`, which also parses the text and compares its events with
//   the current ones (a paste or an upload of the scenario);
// and prints where each refresh spent its time (`window.windowpane.timings()`).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, startServer } from './serve.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const sizes = option('sizes', '10000,100000,1000000').split(',').map(Number);
const reps = Number(option('reps', '7'));
for (const n of [...sizes, reps]) {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid --sizes or --reps: ${n}`);
}

const wasmPath = join(ROOT, 'web/pkg/windowpane_wasm_bg.wasm');
let wasm;
try {
  wasm = readFileSync(wasmPath);
} catch {
  console.error(`${wasmPath} is missing: run \`npm run build\` first`);
  process.exit(1);
}

/**
 * Runs in the page: a scenario text of `n` events (10 keys, one event every 10 ms of event time,
 * arrival 0 to 60 s later, from a seeded PRNG), fixed 1-minute windows with early, on-time and
 * late firings.
 */
function scenarioText(n, lateness) {
  let a = 42;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const start = 12 * 3_600_000;
  const events = new Array(n);
  for (let i = 0; i < n; i++) {
    const eventTime = start + i * 10;
    events[i] = {
      key: `k${i % 10}`,
      value: 1 + Math.floor(random() * 9),
      event_time: eventTime,
      arrival: eventTime + Math.floor(random() * 60_000),
    };
  }
  events.sort((x, y) => x.arrival - y.arrival);
  return JSON.stringify({
    format: 'windowpane/1',
    title: `bench: ${n} events`,
    events,
    watermark: { model: 'bounded_out_of_orderness', max_delay: '30s' },
    pipeline: {
      window: { type: 'fixed', size: '1m' },
      trigger: {
        type: 'after_watermark',
        early: { type: 'after_processing_time', delay: '1m' },
        late: { type: 'after_count', count: 1 },
      },
      accumulation: 'accumulating',
      allowed_lateness: lateness,
      combine: 'sum',
    },
  });
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const rows = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => typeof window.windowpane?.load === 'function', null, { timeout: 60_000 });
  await page.evaluate(`window.__scenarioText = ${scenarioText.toString()}`);
  for (const n of sizes) {
    const result = await page.evaluate(
      async ({ n, reps }) => {
        const warm = window.__scenarioText(n, '10m');
        let t0 = performance.now();
        await window.windowpane.load(warm);
        const first = performance.now() - t0;
        const times = [];
        const painted = [];
        const phases = [];
        const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        // The pipeline tab is open, as when a user edits the pipeline.
        /** @type {HTMLElement|null} */ (document.querySelector('[role=tab][data-tab="pipeline"]'))?.click();
        const field = document.querySelector('input[data-path="pipeline.allowed_lateness"]');
        if (!field) throw new Error('no allowed lateness field in the pipeline form');
        // One untimed edit first: the page's first edit also compiles its code paths.
        for (let r = -1; r < reps; r++) {
          const input = /** @type {HTMLInputElement} */ (document.querySelector('input[data-path="pipeline.allowed_lateness"]'));
          input.value = `${20 + r + 1}m`;
          t0 = performance.now();
          const done = window.windowpane.settled();
          input.dispatchEvent(new Event('change'));
          await done;
          const took = performance.now() - t0;
          const spent = window.windowpane.timings();
          await nextFrame();
          if (r < 0) continue;
          times.push(took);
          phases.push(spent);
          painted.push(performance.now() - t0);
        }
        const loads = [];
        const loadPhases = [];
        for (let r = 0; r < reps; r++) {
          const edited = window.__scenarioText(n, `${11 + r}m`);
          t0 = performance.now();
          await window.windowpane.load(edited);
          loads.push(performance.now() - t0);
          loadPhases.push(window.windowpane.timings());
          await nextFrame();
        }
        return { bytes: warm.length, first, times, painted, phases, loads, loadPhases };
      },
      { n, reps },
    );
    rows.push({ n, ...result });
    const list = (xs) => xs.map((t) => t.toFixed(0)).join(', ');
    const phaseLine = (p) => Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    console.error(`${n} events: edits ${list(result.times)} ms; loads ${list(result.loads)} ms`);
    for (const p of result.phases) console.error(`  edit refresh phases (ms): ${phaseLine(p)}`);
    for (const p of result.loadPhases) console.error(`  load refresh phases (ms): ${phaseLine(p)}`);
  }
} finally {
  await browser.close();
  server.close();
}

const mb = (b) => (b / 1e6).toFixed(1);
console.log(`edit to redrawn chart, headless Chromium (${(await import('node:os')).cpus().length} cores), medians of ${reps}:`);
console.log('| events | scenario text | first load | edit to redraw | min | max | edit to the next frame | new text loaded to redraw |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.n.toLocaleString('en-US')} | ${mb(r.bytes)} MB | ${r.first.toFixed(0)} ms | ${median(r.times).toFixed(0)} ms | ${Math.min(...r.times).toFixed(0)} ms | ${Math.max(...r.times).toFixed(0)} ms | ${median(r.painted).toFixed(0)} ms | ${median(r.loads).toFixed(0)} ms |`);
}
console.log(`wasm: web/pkg/windowpane_wasm_bg.wasm ${wasm.length} bytes raw, ${gzipSync(wasm, { level: 9 }).length} bytes gzip (zlib level 9)`);

/**
 * Runs large scenarios off the main thread: loads the same wasm module and runs the text with
 * `pg.run_parts`, which keeps the events it parsed for the next edit of the pipeline.
 * Messages in: {id, text, same, limits} (`same`: `text` is the scenario without its events, run
 * over the kept ones; `limits`, optional: a whole factor on every work limit, `pg.set_limits`). Out: {id, phase} progress, then {id, parts} ({output, scenario, events}: the output
 * packed into bytes for the page's `pg.keep_run`, the canonical scenario's JSON, and the events
 * as typed columns (null when unchanged), the bytes in transferred buffers: no copy between
 * threads; `ms` the time run_parts took) or {id, error}.
 * Drawing stays on the main thread: it draws into the page's canvas elements.
 */
import init, { Playground } from './pkg/windowpane_wasm.js';

/** @type {Promise<any>|null} */
let ready = null;

self.onmessage = async (/** @type {MessageEvent<{id: number, text: string, same: boolean, limits?: number}>} */ ev) => {
  const { id, text, same, limits } = ev.data;
  try {
    ready ??= init().then(() => new Playground());
    const pg = await ready;
    if (limits !== undefined) pg.set_limits(limits);
    self.postMessage({ id, phase: 'running the engine' });
    const t0 = performance.now();
    const parts = pg.run_parts(text, same);
    parts.ms = performance.now() - t0; // the engine's side of the run, for the benchmark
    const buffers = [parts.output.buffer];
    if (parts.events) buffers.push(parts.events.event_time.buffer, parts.events.arrival.buffer, parts.events.value.buffer, parts.events.key.buffer);
    /** @type {any} */ (self).postMessage({ id, parts }, buffers); // a worker's postMessage(message, transfer)
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};

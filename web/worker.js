/**
 * Runs large scenarios off the main thread: loads the same wasm module and runs the text.
 * Messages in: {id, text}. Out: {id, phase: 'running'} progress, then {id, bytes} (the run result
 * as UTF-8 JSON in a transferred ArrayBuffer: no copy between threads, one JSON.parse on the page,
 * one memcpy into wasm for pg.draw_output) or {id, error}.
 * Drawing stays on the main thread (plotters measures text through the DOM).
 */
import init, { Playground } from './pkg/windowpane_wasm.js';

/** @type {Promise<any>|null} */
let ready = null;

self.onmessage = async (/** @type {MessageEvent<{id: number, text: string}>} */ ev) => {
  const { id, text } = ev.data;
  try {
    ready ??= init().then(() => new Playground());
    const pg = await ready;
    self.postMessage({ id, phase: 'running' });
    const json = typeof pg.run_json === 'function' ? pg.run_json(text) : JSON.stringify(pg.run(text));
    const bytes = new TextEncoder().encode(json);
    self.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};

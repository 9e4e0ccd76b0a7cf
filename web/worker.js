/**
 * Runs large scenarios off the main thread: loads the same wasm module and calls pg.run(text).
 * Messages in: {id, text}. Out: {id, phase: 'loaded'|'running'} progress, then {id, output} or {id, error}.
 * Drawing stays on the main thread (plotters measures text through the DOM).
 */
import init, { Playground } from './pkg/windowpane_wasm.js';
import { plain } from './plain.js';

/** @type {Promise<any>|null} */
let ready = null;

self.onmessage = async (/** @type {MessageEvent<{id: number, text: string}>} */ ev) => {
  const { id, text } = ev.data;
  try {
    ready ??= init().then(() => new Playground());
    const pg = await ready;
    self.postMessage({ id, phase: 'running' });
    const output = plain(pg.run(text));
    self.postMessage({ id, output });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};

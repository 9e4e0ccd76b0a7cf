/**
 * Runs a scenario through the engine: on the main thread, or in a Web Worker (worker.js) when it
 * has many events, so the page stays responsive. Progress is reported through `onProgress`.
 */
import { runResult } from './plain.js';

/**
 * A run result from its JSON (`pg.run_json`, as text or UTF-8 bytes): JSON.parse builds it far
 * faster than serde-wasm-bindgen builds the same object field by field.
 * @param {string|Uint8Array} json
 */
const parsed = (json) => {
  const output = JSON.parse(typeof json === 'string' ? json : new TextDecoder().decode(json));
  texts.set(output, json);
  return output;
};

/** The JSON each run result was read from. @type {WeakMap<object, string|Uint8Array>} */
const texts = new WeakMap();

/**
 * The JSON of a run result made by this module (for `pg.draw_output`, which reads JSON much
 * faster than a large object; bytes fastest), or null.
 * @param {unknown} output
 * @returns {string|Uint8Array|null}
 */
export function outputText(output) {
  return output && typeof output === 'object' ? texts.get(output) ?? null : null;
}

/** Events at or above which the run goes to the worker. */
export const WORKER_THRESHOLD = 10_000;

/**
 * @param {any} pg the main thread's Playground
 */
export function createRunner(pg) {
  /** @type {Worker|null} */ let worker = null;
  let nextId = 1;
  /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void, progress: (phase: string) => void}>} */
  const pending = new Map();

  const getWorker = () => {
    if (worker) return worker;
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (ev) => {
      const { id, phase, bytes, error } = ev.data;
      const job = pending.get(id);
      if (!job) return;
      if (phase) { job.progress(phase); return; }
      pending.delete(id);
      if (error !== undefined) job.reject(new Error(error));
      else { job.progress('reading the result'); job.resolve(parsed(bytes)); }
    };
    worker.onerror = (ev) => {
      for (const job of pending.values()) job.reject(new Error(`worker failed: ${ev.message}`));
      pending.clear();
      worker = null;
    };
    return worker;
  };

  return {
    /**
     * Checks and runs `text`. Rejects with the engine's Error (message "path: message").
     * @param {string} text
     * @param {number} eventCount
     * @param {(phase: string) => void} [onProgress]
     * @returns {Promise<any>}
     */
    run(text, eventCount, onProgress = () => {}) {
      if (eventCount < WORKER_THRESHOLD) {
        try {
          return Promise.resolve(typeof pg.run_json === 'function' ? parsed(pg.run_json(text)) : runResult(pg.run(text)));
        } catch (e) {
          return Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
      // No check on the main thread: parsing megabytes there would freeze the page, and the
      // worker's run fails with the same error.
      const id = nextId++;
      onProgress('starting worker');
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, progress: onProgress });
        getWorker().postMessage({ id, text });
      });
    },
  };
}

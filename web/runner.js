/**
 * Runs a scenario through the engine: on the main thread, or in a Web Worker (worker.js) when it
 * has many events, so the page stays responsive. Progress is reported through `onProgress`.
 */
import { runResult } from './plain.js';

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
      const { id, phase, output, error } = ev.data;
      const job = pending.get(id);
      if (!job) return;
      if (phase) { job.progress(phase); return; }
      pending.delete(id);
      if (error !== undefined) job.reject(new Error(error)); else job.resolve(runResult(output));
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
          pg.check(text);
          return Promise.resolve(runResult(pg.run(text)));
        } catch (e) {
          return Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
      // Validate on the main thread first: cheap, and the error is the same.
      try { pg.check(text); } catch (e) { return Promise.reject(e instanceof Error ? e : new Error(String(e))); }
      const id = nextId++;
      onProgress('starting worker');
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, progress: onProgress });
        getWorker().postMessage({ id, text });
      });
    },
  };
}

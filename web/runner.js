/**
 * Runs a scenario through the engine: on the main thread, or in a Web Worker (worker.js) when it
 * has many events, so the page stays responsive. Progress is reported through `onProgress`.
 *
 * A run comes back in two parts (`pg.run_parts`): the output (panes, dropped elements,
 * watermark, reasons) as JSON bytes, and the events as typed columns. The engine's side keeps
 * the events it parsed: when only the rest of the scenario changed (the events array is the same
 * object, see store.js), just the scenario's head is sent, and the events are neither parsed,
 * run through the transport nor sent back again.
 */

/** Events at or above which the run goes to the worker. */
export const WORKER_THRESHOLD = 10_000;

/** The message of the façade's error when it has no events kept (crates/wasm, NO_KEPT_EVENTS). */
const NO_KEPT_EVENTS = 'internal: no kept events';

/**
 * @typedef {{event_time: Float64Array, arrival: Float64Array, value: Float64Array, key: Uint32Array, keys: string[]}} Columns
 * @typedef {{output: Uint8Array, events: Columns|null, ms?: number}} Parts
 * @typedef {{scenario: any, head: string, text: () => string, count: number}} Job
 */

/**
 * A run result for the page: the output's JSON parsed, with `bytes` (the JSON, for
 * `pg.keep_run`), `columns` (the events), `engineMs` (how long the engine's side took) and
 * `events` (the events as objects, made when first read).
 * @param {Uint8Array} bytes
 * @param {Columns} columns
 * @param {number} [engineMs]
 */
export function runOutput(bytes, columns, engineMs) {
  const output = JSON.parse(new TextDecoder().decode(bytes));
  /** @type {any[]|null} */ let events = null;
  Object.defineProperties(output, {
    bytes: { value: bytes, enumerable: false },
    columns: { value: columns, enumerable: false },
    engineMs: { value: engineMs ?? null, enumerable: false },
    events: { get: () => (events ??= eventObjects(columns)), enumerable: true },
  });
  return output;
}

/** @param {Columns} c */
function eventObjects(c) {
  const out = new Array(c.event_time.length);
  for (let i = 0; i < out.length; i++) out[i] = { key: c.keys[c.key[i]], value: c.value[i], event_time: c.event_time[i], arrival: c.arrival[i] };
  return out;
}

/** The number of events of a run result. @param {any} output */
export const eventCount = (output) => output?.columns?.event_time.length ?? output?.events?.length ?? 0;

/**
 * Event `i` of a run result, without making every event object.
 * @param {any} output
 * @param {number} i
 * @returns {{key: string, value: number, event_time: number, arrival: number}|null}
 */
export function eventAt(output, i) {
  const c = output?.columns;
  if (!c) return output?.events?.[i] ?? null;
  if (!(i >= 0 && i < c.event_time.length)) return null;
  return { key: c.keys[c.key[i]], value: c.value[i], event_time: c.event_time[i], arrival: c.arrival[i] };
}

/**
 * One place that runs `run_parts` and keeps what it holds: the main thread's Playground or the worker.
 * @param {(text: string, sameEvents: boolean, onProgress: (phase: string) => void) => Promise<Parts>} call
 */
function engineSide(call) {
  /** The events array the side will hold once the calls sent so far are done. @type {unknown} */ let holds = null;
  /** The columns the side sent back for each events array it parsed. @type {WeakMap<object, Columns>} */
  const columnsOf = new WeakMap();

  /** @param {Job} job @param {(phase: string) => void} onProgress @returns {Promise<any>} */
  const run = async (job, onProgress) => {
    const events = Array.isArray(job.scenario.events) ? job.scenario.events : null;
    const same = events !== null && events === holds && columnsOf.has(events);
    if (!same) holds = events;
    let parts;
    try {
      parts = await call(same ? job.head : job.text(), same, onProgress);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!same) holds = null;
      if (same && message === NO_KEPT_EVENTS) { holds = null; return run(job, onProgress); }
      throw e instanceof Error ? e : new Error(message);
    }
    const columns = parts.events ?? (events && columnsOf.get(events));
    if (!columns) { holds = null; return run(job, onProgress); }
    if (events && parts.events) columnsOf.set(events, parts.events);
    onProgress('reading the result');
    return runOutput(parts.output, columns, parts.ms);
  };
  return run;
}

/**
 * @param {any} pg the main thread's Playground
 */
export function createRunner(pg) {
  /** @type {Worker|null} */ let worker = null;
  let nextId = 1;
  /** @type {Map<number, {resolve: (v: Parts) => void, reject: (e: Error) => void, progress: (phase: string) => void}>} */
  const pending = new Map();

  const getWorker = () => {
    if (worker) return worker;
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (ev) => {
      const { id, phase, parts, error } = ev.data;
      const job = pending.get(id);
      if (!job) return;
      if (phase) { job.progress(phase); return; }
      pending.delete(id);
      if (error !== undefined) job.reject(new Error(error));
      else job.resolve(parts);
    };
    worker.onerror = (ev) => {
      for (const job of pending.values()) job.reject(new Error(`worker failed: ${ev.message}`));
      pending.clear();
      worker = null;
      inWorker = engineSide(viaWorker); // a new worker holds nothing
    };
    return worker;
  };

  /** @type {(text: string, same: boolean, onProgress: (phase: string) => void) => Promise<Parts>} */
  const viaWorker = (text, same, onProgress) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, progress: onProgress });
    onProgress(same ? 'sending the pipeline' : 'sending the scenario');
    getWorker().postMessage({ id, text, same });
  });
  /** @type {(text: string, same: boolean) => Promise<Parts>} */
  const onMain = async (text, same) => {
    const t0 = performance.now();
    const parts = pg.run_parts(text, same);
    return { output: parts.output, events: parts.events, ms: performance.now() - t0 };
  };

  let inWorker = engineSide(viaWorker);
  const onMainThread = engineSide(onMain);

  return {
    /**
     * Checks and runs a scenario. Rejects with the engine's Error (message "path: message").
     * `job.head` is the scenario without its events (JSON), `job.text()` the whole scenario.
     * @param {Job} job
     * @param {(phase: string) => void} [onProgress]
     * @returns {Promise<any>} the run result (see runOutput)
     */
    run(job, onProgress = () => {}) {
      // No check on the main thread for large scenarios: parsing megabytes there would freeze
      // the page, and the worker's run fails with the same error.
      return job.count < WORKER_THRESHOLD ? onMainThread(job, onProgress) : inWorker(job, onProgress);
    },
  };
}

/**
 * Runs a scenario through the engine: on the main thread, or in a Web Worker (worker.js) when it
 * has many events, so the page stays responsive. Progress is reported through `onProgress`.
 *
 * The run's output stays in the main thread's wasm memory (`pg.run_kept`, or `pg.keep_run` of a
 * worker's `pg.run_parts`, which packs it into bytes): the page reads only what it shows (a
 * window of pane rows, one reason) by the run's id. The events come back as typed columns, only
 * when they change. The engine's side keeps the events it parsed: when only the rest of the
 * scenario changed (the events array is the same object, see store.js), just the scenario's
 * head is sent, and the events are neither parsed, run through the transport nor sent again.
 */

/**
 * Work (listed events times `pg.work_per_event`: the windows each gets) from which a run goes to
 * the worker; a scenario whose events come from a transport simulation always does.
 */
export const WORKER_THRESHOLD = 20_000;

/** A worker run older than this (ms) is abandoned when a newer run is asked for: the worker is replaced. */
export const SUPERSEDE_AFTER = 1_000;

/** The message of the façade's error when it has no events kept (crates/wasm, NO_KEPT_EVENTS). */
const NO_KEPT_EVENTS = 'internal: no kept events';

/**
 * @typedef {{event_time: Float64Array, arrival: Float64Array, value: Float64Array, key: Uint32Array, keys: string[]}} Columns
 * @typedef {{id: number, panes: number, dropped: number, late: number, first: number|null, last: number|null}} Info
 * @typedef {{info?: Info, output?: Uint8Array, scenario: string, events: Columns|null, ms?: number}} Kept  `info` when kept on the main thread, else the packed `output`
 * @typedef {{scenario: any, head: string, text: () => string, count: number, exact?: boolean}} Job  `exact`: `text()` is the text the user gave, sent whole so that the façade reads those bytes
 */

/**
 * A run result for the page, over a run the façade keeps: `scenario` (canonical), `id`,
 * `paneCount`, `panesIn(from, to)`, `reason(i)`, `marks` (a byte per event: 1 late,
 * 2 dropped), `lateCount`, `droppedCount`, `droppedIn(from, to)`, `first`/`last` (processing
 * times of the first and last pane or watermark move), `columns` (the events), `engineMs`; and,
 * made when first read, `panes`, `dropped`, `late_events`, `watermark` and `events` as arrays.
 * @param {any} pg the main thread's Playground
 * @param {Info} info
 * @param {string} scenario the canonical scenario's JSON
 * @param {Columns} columns
 * @param {number} [engineMs]
 */
export function runOutput(pg, info, scenario, columns, engineMs) {
  const id = info.id;
  /** @type {Record<string, any>} */ const made = {};
  const once = (/** @type {string} */ name, /** @type {() => any} */ make) => (made[name] ??= make());
  const output = {
    scenario: JSON.parse(scenario),
    id, paneCount: info.panes, lateCount: info.late, droppedCount: info.dropped, first: info.first, last: info.last,
    /** @param {number} from @param {number} to @returns {any[]} */
    panesIn: (from, to) => made.panes ? made.panes.slice(from, to) : pg.kept_panes(id, from, to),
    /** @param {number} i @returns {string} */
    reason: (i) => pg.kept_reason(id, i),
    /** @param {number} from @param {number} to @returns {any[]} */
    droppedIn: (from, to) => pg.kept_dropped(id, from, to),
    get marks() { return once('marks', () => pg.kept_marks(id)); },
    get panes() { return once('panes', () => pg.kept_panes(id, 0, info.panes)); },
    get dropped() { return once('dropped', () => pg.kept_dropped(id, 0, info.dropped)); },
    get late_events() { return once('late', () => Array.from(pg.kept_late(id))); },
    get watermark() { return once('watermark', () => pg.kept_watermark(id)); },
    get events() { return once('events', () => eventObjects(columns)); },
  };
  Object.defineProperties(output, {
    columns: { value: columns, enumerable: false },
    engineMs: { value: engineMs ?? null, enumerable: false },
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
export const eventCount = (output) => output?.columns.event_time.length ?? 0;

/**
 * Event `i` of a run result, without making every event object.
 * @param {any} output
 * @param {number} i
 * @returns {{key: string, value: number, event_time: number, arrival: number}|null}
 */
export function eventAt(output, i) {
  const c = output?.columns;
  if (!c || !(i >= 0 && i < c.event_time.length)) return null;
  return { key: c.keys[c.key[i]], value: c.value[i], event_time: c.event_time[i], arrival: c.arrival[i] };
}

/**
 * One place that runs scenarios and keeps what the engine's side holds: the main thread's
 * Playground or the worker.
 * @param {any} pg the main thread's Playground
 * @param {(text: string, sameEvents: boolean, onProgress: (phase: string) => void) => Promise<Kept>} call
 */
function engineSide(pg, call) {
  /** The events array the side will hold once the calls sent so far are done. @type {unknown} */ let holds = null;
  /** The columns the side sent back for each events array it parsed. @type {WeakMap<object, Columns>} */
  const columnsOf = new WeakMap();

  /** @param {Job} job @param {(phase: string) => void} onProgress @returns {Promise<any>} */
  const run = async (job, onProgress) => {
    const events = Array.isArray(job.scenario.events) ? job.scenario.events : null;
    const same = !job.exact && events !== null && events === holds && columnsOf.has(events);
    if (!same) holds = events;
    let kept;
    try {
      kept = await call(same ? job.head : job.text(), same, onProgress);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!same) holds = null;
      if (same && message === NO_KEPT_EVENTS) { holds = null; return run(job, onProgress); }
      throw e instanceof Error ? e : new Error(message);
    }
    const columns = kept.events ?? (events && columnsOf.get(events));
    if (!columns) { if (kept.info) pg.release_run(kept.info.id); holds = null; return run(job, onProgress); }
    if (events && kept.events) columnsOf.set(events, kept.events);
    // A worker's output arrives packed: the page's instance keeps it (with the scenario's head:
    // the pipeline and title the chart needs, without parsing the events again).
    if (!kept.info) onProgress('reading the result');
    const info = kept.info ?? pg.keep_run(job.head, kept.output, columns);
    return runOutput(pg, info, kept.scenario, columns, kept.ms);
  };
  return run;
}

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
      const { id, phase, parts, error } = ev.data;
      const job = pending.get(id);
      if (!job) return;
      if (phase) { job.progress(phase); return; }
      pending.delete(id);
      busySince = performance.now(); // the worker starts on the next run now, if there is one
      if (error !== undefined) job.reject(new Error(error));
      else job.resolve(parts);
    };
    worker.onerror = (ev) => {
      for (const job of pending.values()) job.reject(new Error(`worker failed: ${ev.message}`));
      pending.clear();
      worker = null;
      inWorker = engineSide(pg, viaWorker); // a new worker holds nothing
    };
    return worker;
  };

  /** When the worker started its oldest unfinished run (performance.now()). */
  let busySince = 0;
  /**
   * Replaces a worker busy with a run older than SUPERSEDE_AFTER: a run cannot be interrupted,
   * and the newer edit would wait for it. Its callers' promises reject (their results are stale).
   */
  const supersede = () => {
    if (!worker || pending.size === 0 || performance.now() - busySince < SUPERSEDE_AFTER) return;
    worker.terminate();
    worker = null;
    for (const job of pending.values()) job.reject(new Error('superseded by a newer edit'));
    pending.clear();
  };
  /** @type {(text: string, same: boolean, onProgress: (phase: string) => void) => Promise<Kept>} */
  const viaWorker = (text, same, onProgress) => new Promise((resolve, reject) => {
    supersede(); // a new worker holds no events: a `same` run then fails with NO_KEPT_EVENTS and is sent whole
    const id = nextId++;
    if (pending.size === 0) busySince = performance.now();
    pending.set(id, { resolve, reject, progress: onProgress });
    onProgress(same ? 'sending the pipeline' : 'sending the scenario');
    getWorker().postMessage({ id, text, same });
  });
  /** @type {(text: string, same: boolean) => Promise<Kept>} */
  const onMain = async (text, same) => {
    const t0 = performance.now();
    const r = pg.run_kept(text, same);
    return { info: r, scenario: r.scenario, events: r.events, ms: performance.now() - t0 };
  };

  /** Whether a run is small enough for the page's thread. @param {Job} job */
  const light = (job) => {
    if (job.count >= WORKER_THRESHOLD) return false;
    let work = 1;
    try { work = pg.work_per_event(job.head); } catch { /* a bad scenario: the run reports it */ }
    return Number.isFinite(work) && job.count * work < WORKER_THRESHOLD;
  };

  let inWorker = engineSide(pg, viaWorker);
  const onMainThread = engineSide(pg, onMain);

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
      return light(job) ? onMainThread(job, onProgress) : inWorker(job, onProgress);
    },
  };
}

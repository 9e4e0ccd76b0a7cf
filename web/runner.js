/**
 * The run client: the page's side of the session that owns each run, in the page's Web Worker
 * (worker.js over the façade's `Session`). Every run goes there; the page keeps only what it
 * shows (a window of pane rows, the marks per event, the events' columns for the chart's hit
 * test) and asks the session for the rest: rows further down, a reason, the chart drawn at a
 * size and cursor.
 *
 * The protocol is one typed message each way (see worker.js):
 *   page → worker  {id, call, session, ...args}   call: 'run' | 'panes' | 'dropped' | 'reason' |
 *                                                 'marks' | 'late' | 'watermark' | 'draw' | 'compare' |
 *                                                 'sink' | 'clear_marks' | 'hit' | 'focus' | 'step' |
 *                                                 'limits' | 'memory'
 *   worker → page  {id, value} | {id, error, holds, broken?} | {id, stale: true} | {id, progress}
 * Runs of one session are sent one at a time: a run asked for while one is going waits, and is
 * replaced by a newer one (its promise rejects with `Cancelled`); a run going for longer than
 * SUPERSEDE_AFTER when a newer one is asked for is cancelled by replacing the worker, and so is
 * a run the user cancels. Queries name the run they are about, and a session that has moved on
 * refuses them.
 */

/** A run older than this (ms) is abandoned when a newer run is asked for: the worker is replaced. */
export const SUPERSEDE_AFTER = 1_000;
/** Pane rows and dropped elements read with each run (the views ask for further rows as they scroll). */
export const FIRST_ROWS = 2_000;

/** The error of a run or query that was cancelled or replaced by a newer one. */
export class Cancelled extends Error {
  /** @param {string} why */
  constructor(why) { super(why); this.name = 'Cancelled'; }
}

/**
 * @typedef {{event_time: Float64Array, arrival: Float64Array, value: Float64Array, key: Uint32Array, keys: string[]}} Columns
 * @typedef {{text: () => string|Blob, head: string, events: number, exact: boolean, held?: number, eventsText?: string|Blob}} Job
 *   `events`: the revision of the listed events (store.js); `exact`: `text()` is the text the user gave,
 *   always sent whole so that the façade reads those bytes; `head`: the scenario without its listed
 *   events; `held`, `eventsText`: for a large document, its number and the text or file its events
 *   were read from (kept by the worker; `text()` cannot make them)
 * @typedef {'a'|'b'} Which  the configuration (chart) a session belongs to
 */

/**
 * A run as the page sees it: counts, first rows, marks, columns; further rows and reasons on request.
 * @param {ReturnType<typeof createRunner>} client @param {Which} which @param {number} id @param {any} info @param {Columns} columns
 */
function runView(client, which, id, info, columns) {
  /** @type {Map<number, any>} */ const rows = new Map();
  info.panesFirst.forEach((/** @type {any} */ p, /** @type {number} */ i) => rows.set(i, p));
  /** @type {Set<number>} */ const asked = new Set();
  const ask = (/** @type {string} */ call, /** @type {object} */ args) => client.query(which, id, call, args);
  return {
    id, which, columns, scenario: JSON.parse(info.scenario), paneCount: info.panes, lateCount: info.late,
    droppedCount: info.dropped, first: info.first, last: info.last, engineMs: info.ms,
    /** @type {Uint8Array} */ marks: info.marks, droppedFirst: info.droppedFirst,
    /**
     * Pane rows `from..to` when the page has them all, else null; those missing are asked for, and
     * `then` is called once they are here.
     * @param {number} from @param {number} to @param {() => void} then
     */
    panesIn(from, to, then) {
      to = Math.min(to, info.panes);
      const out = [];
      for (let i = from; i < to; i++) if (rows.has(i)) out.push(rows.get(i)); else break;
      if (out.length === to - from) return out;
      const start = from - (from % 500);
      if (!asked.has(start)) {
        asked.add(start);
        ask('panes', { from: start, to: start + 500 }).then((got) => {
          got.forEach((/** @type {any} */ p, /** @type {number} */ j) => rows.set(start + j, p));
          then();
        }, () => { asked.delete(start); });
      }
      return null;
    },
    /** The reason for pane `i`. @param {number} i @returns {Promise<string>} */
    reason: (i) => ask('reason', { i }),
    /** What is under pixel (x, y) of the chart as last drawn: {kind, tip, index?, rect?, ...} or null. @param {number} x @param {number} y */
    hit: (x, y) => ask('hit', { x, y }),
    /** The pane box `step` boxes after pane `from`'s on the chart (null: from none). @param {number|null} from @param {number} step */
    focus: (from, step) => ask('focus', { from, step }),
    /** The previous (dir < 0) or next happening after `at` (null: the end): {at, what} or null. @param {number|null} at @param {number} dir */
    step: (at, dir) => ask('step', { at, dir }),
    /** What the sinks hold at `at` (null: the final tables): [append, upsert, retracting]. @param {number|null} at */
    sink: (at) => ask('sink', { at }),
    /** The engine's why-not answers for the windows under pixel (x, y) of the last chart drawn (null: outside the plot). @param {number} x @param {number} y */
    whyAt: (x, y) => ask('why_at', { x, y }),
    /** Why event `event` is late, dropped or in which pane by `at` (null: the end). @param {number} event @param {number|null} at */
    whyElement: (event, at) => ask('why_element', { event, at }),
    /** The watermark's lag at `at` (null: the end): {now, p50, p99, max, partitions, holding, lines}. @param {number|null} at */
    watermarkLag: (at) => ask('watermark_lag', { at }),
    /** Everything, for the test hook's snapshot. */
    async all() {
      const [panes, dropped, late, watermark] = await Promise.all([ask('panes', { from: 0, to: info.panes }),
        ask('dropped', { from: 0, to: info.dropped }), ask('late', {}), ask('watermark', {})]);
      return { panes, dropped, late_events: Array.from(late), watermark, events: eventObjects(columns), scenario: JSON.parse(info.scenario) };
    },
  };
}

/** @param {Columns} c */
function eventObjects(c) {
  const out = new Array(c.event_time.length);
  for (let i = 0; i < out.length; i++) out[i] = { key: c.keys[c.key[i]], value: c.value[i], event_time: c.event_time[i], arrival: c.arrival[i] };
  return out;
}

/** The number of events of a run. @param {any} run */
export const eventCount = (run) => run?.columns.event_time.length ?? 0;

/**
 * Event `i` of a run, without making every event object.
 * @param {any} run @param {number} i
 * @returns {{key: string, value: number, event_time: number, arrival: number}|null}
 */
export function eventAt(run, i) {
  const c = run?.columns;
  if (!c || !(i >= 0 && i < c.event_time.length)) return null;
  return { key: c.keys[c.key[i]], value: c.value[i], event_time: c.event_time[i], arrival: c.arrival[i] };
}

/** The run client (see the top of this file). */
export function createRunner() {
  /** @type {Worker|null} */ let worker = null;
  let nextId = 1;
  /** The number of the large document whose text the worker keeps (0: none). */
  let workerHas = 0;
  /** Runs started (a run's token while it is going). */
  let runs = 0;
  let limits = 1;
  /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void, progress?: (phase: string) => void, which: Which}>} */
  const pending = new Map();
  /**
   * Per session: the revision of the listed events it keeps (null: none), the run it holds, its
   * columns, the run going and when it started, and the run waiting for it.
   * @type {Record<Which, {events: number|null, columns: Columns|null, going: number|null, since: number,
   *   waiting: null|{job: Job, progress: (phase: string) => void, resolve: (v: any) => void, reject: (e: Error) => void}}>}
   */
  const sessions = { a: fresh(), b: fresh() };
  function fresh() { return { events: null, columns: null, going: null, since: 0, waiting: null }; }

  const getWorker = () => {
    if (worker) return worker;
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    w.onmessage = (ev) => {
      const { id, progress, value, error, holds, broken, stale } = ev.data;
      const call = pending.get(id);
      if (!call) return;
      if (progress !== undefined) { call.progress?.(progress); return; }
      pending.delete(id);
      if (stale) call.reject(new Cancelled('the run was replaced by a newer one'));
      else if (error !== undefined) { if (holds === false) sessions[call.which].events = null; call.reject(new Error(error)); } else call.resolve(value);
      if (broken) replace('the worker stopped after an internal error');
    };
    w.onerror = (ev) => { ev.preventDefault(); replace(`the worker failed: ${ev.message}`); };
    if (limits !== 1) w.postMessage({ id: 0, call: 'limits', factor: limits });
    worker = w;
    return w;
  };

  /** Replaces the worker: every call to it rejects with `why`; the new one holds nothing. @param {string} why */
  const replace = (why) => {
    worker?.terminate();
    worker = null;
    for (const call of pending.values()) call.reject(new Cancelled(why));
    pending.clear();
    for (const s of Object.values(sessions)) { s.events = null; s.columns = null; s.going = null; }
    workerHas = 0;
  };

  /** Sends a message; resolves with its answer. @param {Which} which @param {object} message @param {(phase: string) => void} [progress] */
  const send = (which, message, progress) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, progress, which });
    getWorker().postMessage({ id, session: which, ...message });
  });

  /**
   * A scenario text for a message: a large document's by its number when the worker has it, else
   * the text or file itself (which the worker then keeps).
   * @param {number|undefined} held @param {string|Blob} text
   */
  const source = (held, text) => {
    if (held === undefined) return { text };
    if (workerHas === held) return { text: null, held };
    workerHas = held;
    return { text, held };
  };
  /** Starts the waiting run of a session when none is going. @param {Which} which */
  const pump = (which) => {
    const s = sessions[which];
    if (s.going !== null || !s.waiting) return;
    const { job, progress, resolve, reject } = s.waiting;
    s.waiting = null;
    const same = !job.exact && s.events === job.events && s.columns !== null;
    // A large document edited outside its events: its events come from the text they were read
    // from (sent once), the rest from the head.
    const viaText = !same && !job.exact && job.eventsText !== undefined;
    progress(same ? 'sending the pipeline' : 'sending the scenario');
    const token = ++runs;
    s.going = token;
    s.since = performance.now();
    const done = () => { if (s.going === token) { s.going = null; pump(which); } };
    let id = 0; // the run message's id: the session's name for the run
    const run = () => {
      id = nextId;
      const text = same || viaText ? { text: job.head } : source(job.held, job.text());
      return send(which, { call: 'run', ...text, same: same || viaText }, progress);
    };
    (viaText ? send(which, { call: 'keep_events', ...source(job.held, /** @type {string|Blob} */ (job.eventsText)) }, progress).then(run) : run()).then((/** @type {any} */ info) => {
      if (info.events) s.columns = info.events;
      s.events = info.holds ? job.events : null;
      const view = runView(client, which, id, info, /** @type {Columns} */ (s.columns));
      done();
      resolve(view);
    }, (e) => { done(); reject(e); });
  };

  const client = {
    /**
     * Runs a scenario in session `which`; resolves with the run (see runView), rejects with the
     * engine's Error ("path: message") or with `Cancelled`.
     * @param {Which} which @param {Job} job @param {(phase: string) => void} [progress]
     * @returns {Promise<ReturnType<typeof runView>>}
     */
    run(which, job, progress = () => {}) {
      const s = sessions[which];
      s.waiting?.reject(new Cancelled('replaced by a newer run'));
      if (s.going !== null && performance.now() - s.since > SUPERSEDE_AFTER) replace('superseded by a newer edit');
      return new Promise((resolve, reject) => { s.waiting = { job, progress, resolve, reject }; pump(which); });
    },
    /**
     * Asks session `which` about run `run`: panes / dropped {from, to}, reason {i}, marks, late, watermark.
     * @param {Which} which @param {number} run @param {string} call @param {object} [args]
     * @returns {Promise<any>}
     */
    query: (which, run, call, args = {}) => send(which, { call, run, ...args }),
    /**
     * Compares run `a` of session a with run `b` of session b (the façade's `Session.compare`);
     * both sessions then draw the comparison's marks on their charts.
     * @param {number} a @param {number} b
     */
    compare: (a, b) => send('a', { call: 'compare', run: a, runB: b }),
    /** Session `which` stops drawing comparison marks. @param {Which} which */
    clearMarks: (which) => send(which, { call: 'clear_marks' }),
    /**
     * The chart of run `run` drawn by the session: `{layout, bitmap}` (an ImageBitmap to put on the page's canvas).
     * @param {Which} which @param {number} run @param {{at: number|null, width: number, height: number, legend?: boolean, selected?: number|null}} opts
     */
    draw: (which, run, opts) => send(which, { call: 'draw', run, opts }),
    /**
     * Reads a large scenario text in the worker (not on the page's thread): `{head, count}`, the
     * scenario without its listed events and how many it lists (see worker.js).
     * @param {string|Blob} text @param {number} held the document's number for the text (the worker keeps the last)
     * @param {(phase: string) => void} [progress]
     * @returns {Promise<{head: any, count: number|null}>}
     */
    read: (text, held, progress) => { const sent = send('a', { call: 'read', text, held }, progress); workerHas = held; return sent; },
    /**
     * Autosaves a large document in the worker, which has its text (a persist.js record but its text).
     * @param {Omit<import('./persist.js').Record, 'text'>} record @param {number} held @param {string|Blob} text
     */
    save: (record, held, text) => send('a', { call: 'save', record, ...source(held, text) }),
    /** Cancels every run going or waiting (the progress box's Cancel button). */
    cancel() {
      for (const s of Object.values(sessions)) { s.waiting?.reject(new Cancelled('cancelled')); s.waiting = null; }
      if (pending.size > 0) replace('cancelled');
    },
    /**
     * Multiplies the work limits of every run from now on by `factor` (a whole number ≥ 1).
     * @param {number} factor
     */
    setLimits(factor) {
      limits = factor;
      if (worker) worker.postMessage({ id: 0, call: 'limits', factor });
    },
    /** The worker's wasm memory in bytes (for the tests). @returns {Promise<number>} */
    memory: () => send('a', { call: 'memory' }),
  };
  return client;
}

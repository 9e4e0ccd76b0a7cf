/**
 * The page's documents as texts: which text each scenario was read from (kept exact for the
 * runs, the autosave and the download), a large document whose events stay in the worker, the
 * jobs the run client is given, and the small pure helpers of the refresh (phase timing, marks,
 * hints). No state but the two maps from scenario objects to their texts.
 */
import { validateDoc } from './store.js';
import { statusOf, PAGE_SIZE } from './events-table.js';

/** @typedef {import('./store.js').Doc} Doc */
/** @typedef {{text: string, output: any, events: number}} Good  `text` is made when first read; `events` the revision of the events it ran */

/**
 * Times the phases of a refresh: `mark(name)` adds the time since the previous mark to `name`.
 */
export function phaseTimer() {
  /** @type {Record<string, number>} */ const spent = {};
  const t0 = performance.now();
  let last = t0;
  return {
    /** @param {string} name */
    mark(name) { const now = performance.now(); spent[name] = (spent[name] ?? 0) + now - last; last = now; },
    /** Moves `ms` of phase `from` to phase `to` (a part measured elsewhere, e.g. in the worker). @param {string} from @param {string} to @param {number} ms */
    split(from, to, ms) { spent[from] = (spent[from] ?? 0) - ms; spent[to] = (spent[to] ?? 0) + ms; },
    done() { spent.total = performance.now() - t0; return spent; },
  };
}

/** Documents above this many characters of JSON are neither autosaved nor put in the URL. */
export const PERSIST_LIMIT = 2_000_000;
/** Fewest characters an event takes in JSON (`{"key":"","value":0,"event_time":0}`). */
export const MIN_EVENT_CHARS = 36;
/** From this many events, the autosave waits until the chart is drawn. */
export const PERSIST_LATER = 2_000;

/** The most events the undo steps kept across a reload hold together. */
export const STEPS_EVENTS = 20_000;

/**
 * The undo and redo steps as JSON for the autosave: the nearest steps whose events together stay
 * within STEPS_EVENTS (none of a document whose events stay in the worker).
 * @param {import('./store.js').History} h
 */
export function stepsJson(h) {
  let budget = STEPS_EVENTS;
  const fits = (/** @type {Doc} */ d) => {
    const n = Array.isArray(d.scenario.events) ? d.scenario.events.length : heldCount(d.scenario) === null ? 0 : Infinity;
    budget -= n;
    return budget >= 0;
  };
  const undo = [];
  for (let i = h.undo.length - 1; i >= 0 && fits(h.undo[i]); i--) undo.unshift(h.undo[i]);
  const redo = [];
  for (let i = h.redo.length - 1; i >= 0 && fits(h.redo[i]); i--) redo.unshift(h.redo[i]);
  return JSON.stringify({ undo, redo });
}

/** Runs `f` when the page is idle (within 2 s). @param {() => void} f */
export function later(f) {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(f, { timeout: 2000 });
  else window.setTimeout(f, 50);
}

/** The text each scenario object was read from (by the page hook `load`). @type {WeakMap<object, string>} */
export const texts = new WeakMap();
/** The text or file each large scenario was read from, in the worker. @type {WeakMap<object, string|Blob>} */
export const sources = new WeakMap();

/** The JSON text of a scenario: the text it was read from, else made (once). @param {any} scenario */
export function textOf(scenario) {
  let text = texts.get(scenario);
  if (text === undefined && heldCount(scenario) !== null) {
    throw new Error(`this scenario's ${heldCount(scenario)?.toLocaleString()} events are read only by the engine, and its pipeline was edited: Download JSON for its text`);
  }
  if (text === undefined) { text = JSON.stringify(scenario); texts.set(scenario, text); }
  return text;
}

/**
 * What the run client needs to run a scenario. @param {any} scenario @param {number} events the revision of its listed events
 * @returns {import('./runner.js').Job}
 */
export function job(scenario, events, adopted) {
  const held = heldCount(scenario) !== null ? adopted.held : undefined;
  return { head: headOf(scenario), text: () => sources.get(scenario) ?? textOf(scenario), events, exact: texts.has(scenario) || sources.has(scenario),
    held, eventsText: held !== undefined ? adopted.text : undefined };
}

/** The number of listed events a large document leaves in the worker (null: it holds its events). @param {any} scenario */
export function heldCount(scenario) {
  const e = scenario?.events;
  return e && typeof e === 'object' && !Array.isArray(e) && typeof e.held === 'number' ? e.count : null;
}

/** From this many characters, a scenario text is read in the worker, never on the page's thread. */
export const LARGE_TEXT = 2_000_000;

/**
 * A good run of a job; its text is made only when read (a large scenario's is megabytes).
 * @param {import('./runner.js').Job} job @param {any} output @returns {Good}
 */
export function good(job, output) {
  return {
    get text() {
      const text = job.text();
      if (typeof text !== 'string') throw new Error('this view needs the scenario\'s text: not available for a file this large');
      return text;
    },
    output,
    events: job.events,
  };
}

/**
 * Which events of a run arrived late and which were dropped, for the events table: none when the
 * run was of other events (a run's marks never label the rows of newer events).
 * @param {Good|null} run @param {number} events the revision of the events shown
 */
export function marks(run, events) {
  /** @type {Uint8Array|null} */ const m = run !== null && run.events === events ? run.output?.marks ?? null : null;
  return {
    late: { has: (/** @type {number} */ i) => m !== null && (m[i] & 1) !== 0 },
    dropped: { has: (/** @type {number} */ i) => m !== null && (m[i] & 2) !== 0 },
  };
}

/**
 * The late and dropped marks of the events on a page of the events table, as one string.
 * @param {unknown} events @param {number} page
 * @param {{has: (i: number) => boolean}} late @param {{has: (i: number) => boolean}} dropped
 */
export function pageStatus(events, page, late, dropped) {
  const n = Array.isArray(events) ? events.length : 0;
  const out = [];
  for (let i = page * PAGE_SIZE; i < Math.min(n, (page + 1) * PAGE_SIZE); i++) out.push(statusOf(i, { late, dropped }));
  return out.join(',');
}

/**
 * The values the pipeline form shows as hints: the engine's canonical values of the fields the
 * pipeline leaves out.
 * @param {any} pipeline @param {any} canonical
 */
export function hints(pipeline, canonical) {
  if (!canonical || typeof canonical !== 'object') return null;
  const p = pipeline && typeof pipeline === 'object' ? pipeline : {};
  return Object.fromEntries(Object.entries(canonical).filter(([k]) => p[k] === undefined));
}

/**
 * The scenario without its listed events: what the session runs over the events it keeps (an
 * edit of anything but the events), cheap to make and parse however many events there are.
 * @param {any} scenario
 */
export function headOf(scenario) {
  return JSON.stringify(Array.isArray(scenario.events) || heldCount(scenario) !== null ? { ...scenario, events: [] } : scenario);
}

/**
 * Reads a scenario text for the page's forms (JSON.parse) and remembers the text itself for the
 * runs (see `adopt`). When it is not JSON, the error is the façade's (the CLI's) for those bytes.
 * A leading byte order mark, which the scenario reader skips (crates/scenario, syntax.rs), is
 * skipped for the forms' copy too; the runs still get the text with it.
 * @param {any} pg @param {string} text @param {string} source
 */
export function readScenario(pg, text, source) {
  let scenario;
  try {
    scenario = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    pg.check(text); // throws the façade's error for the exact text
    throw new Error(`invalid ${source}: not JSON (${e instanceof Error ? e.message : e})`);
  }
  texts.set(scenario, text);
  return scenario;
}

/**
 * A document from a scenario text (kept exact for the runs), optionally with another head (the
 * scenario without its events; `text` then gives only the events), and pipeline B's JSON.
 * @param {any} pg @param {string} text @param {string|null} head @param {string|null} compare @param {string} source
 * @returns {Doc}
 */
export function docOf(pg, text, head, compare, source) {
  const scenario = readScenario(pg, text, source);
  const whole = head === null ? scenario : { ...parseJson(head, `${source} head`), events: scenario.events };
  return validateDoc({ scenario: whole, compare: compare ? parseJson(compare, `${source} pipeline B`) : null });
}

/**
 * Parses JSON, naming the source in the error.
 * @param {string} text
 * @param {string} source
 */
export function parseJson(text, source) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`invalid ${source}: not JSON (${e instanceof Error ? e.message : e})`);
  }
}

/**
 * Every error of a scenario text (the façade's list), `first` (the run's) first: only `first`
 * for a text too large to read again on the page's thread.
 * @param {any} pg @param {() => string|Blob} textOfRun @param {string} first @returns {string[]}
 */
export function allErrors(pg, textOfRun, first) {
  /** @type {string|Blob|null} */ let text = null;
  try { text = textOfRun(); } catch { /* no text here: the run's error only */ }
  if (typeof text !== 'string' || text.length >= LARGE_TEXT || typeof pg.errors !== 'function') return [first];
  /** @type {string[]} */ let found = [];
  try { found = pg.errors(text, 50).map((/** @type {{text: string}} */ e) => e.text); } catch { /* the run's error is enough */ }
  return [first, ...found.filter((t) => t !== first)];
}

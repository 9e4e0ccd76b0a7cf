/**
 * The page's Web Worker: keeps one façade `Session` per chart ('a', and 'b' when comparing), each
 * the owner of its run, and answers the run client (runner.js) one message at a time:
 *   {id, session, call: 'run', text, same}       → {id, value: {panes, dropped, late, first, last,
 *        scenario, events, holds, ms, marks, panesFirst, droppedFirst}} (events: typed columns, or null
 *        when `same` and unchanged; their buffers and the marks' are transferred, not copied)
 *   {id, session, call: 'panes'|'dropped', run, from, to}, {.., call: 'reason', run, i},
 *   {.., call: 'marks'|'late'|'watermark', run}   → {id, value}
 *   {id, session, call: 'draw', run, opts}        → {id, value: {layout, bitmap}} (the chart drawn
 *        into the worker's OffscreenCanvas, handed over as an ImageBitmap)
 *   {id, session, call: 'read', text}             → {id, value: {head, count}}: a large text read for the
 *        page's forms (see read)
 *   {id, session, call: 'keep_events', text}      → {id}: the session keeps the text's listed events
 *   {id, session: 'a', call: 'compare', run, runB} → {id, value}: session a's run compared with session
 *        b's (`Session.compare`); both sessions keep the marks for their charts
 *   {id, session, call: 'sink', run, at}         → {id, value: [append, upsert, retracting]} at `at` (null: final)
 *   {id, session, call: 'why_at', run, x, y}      → {id, value}: the engine's answers for the windows under
 *        the point of the last chart drawn; 'why_element' {event, at}; 'watermark_lag' {at}
 *   {id, session, call: 'clear_marks'}            → {id}
 *   {id, session, call: 'hit', run, x, y}         → {id, value: {kind, tip, ...}|null} (what the last draw put there)
 *   {id, session, call: 'focus', run, from, step}  → {id, value: {kind: 'pane', index, rect, tip}|null}
 *   {id, session, call: 'step', run, at, dir}     → {id, value: {at, what}|null} (the previous / next happening)
 *   {id, call: 'limits', factor}, {id, call: 'memory'}
 * Any failure is {id, error: message, holds} (`holds`: whether the session still keeps listed
 * events); progress while running is {id, progress: phase}. A query about a run the session no
 * longer holds is refused with {id, stale: true}; a failed run leaves the last good one. Nothing here traps the page: a Rust panic comes back as an error
 * with `broken: true`, and the client replaces this worker.
 */
import init, { Session, Playground } from './pkg/windowpane_wasm.js';
import { save } from './persist.js';

/** Pane rows and dropped elements sent with each run (runner.js FIRST_ROWS). */
const FIRST_ROWS = 2_000;

const ready = init();
/** @type {Map<string, {session: any, run: number|null, canvas: OffscreenCanvas|null}>} */
const sessions = new Map();
let limits = 1;
/** The wasm module's memory, for `memory`. @type {WebAssembly.Memory|null} */
let memory = null;
ready.then((wasm) => { memory = wasm.memory; });

/** @param {string} name */
function sessionOf(name) {
  let s = sessions.get(name);
  if (!s) {
    s = { session: new Session(), run: null, canvas: null };
    if (limits !== 1) s.session.set_limits(limits);
    sessions.set(name, s);
  }
  return s;
}

/** What a query about a run the session no longer holds throws. */
class Stale extends Error {}

/** @param {any} s @param {number} run */
function current(s, run) {
  if (s.run !== run) throw new Stale('run: replaced by a newer one');
  return s.session;
}

/**
 * Reads a large scenario text for the page's forms, here rather than on the page's thread: the
 * scenario as JSON.parse gives it, without its listed events (`head`), and how many it lists
 * (`count`, null when `events` is not a list). A text that is not JSON throws the façade's error
 * for those bytes. The runs still get the exact text.
 * @param {string} text
 */
function read(text) {
  let scenario;
  try {
    scenario = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    new Playground().check(text); // throws the façade's error for the exact text
    throw new Error(`invalid scenario: not JSON (${e instanceof Error ? e.message : e})`);
  }
  if (!scenario || typeof scenario !== 'object' || Array.isArray(scenario)) throw new Error('invalid scenario: expected a JSON object');
  const count = Array.isArray(scenario.events) ? scenario.events.length : null;
  if (count !== null) delete scenario.events;
  return { head: scenario, count };
}

/** The last large document's text, by the page's number for it. */
let kept = { held: 0, text: '' };

/**
 * A message's scenario text: its `text` (a file is decoded here, keeping a byte order mark, which
 * the façade then reads as the CLI does), or, when null, the large document's kept by number.
 * @param {any} m @returns {Promise<string>}
 */
async function textOf(m) {
  if (m.text === null || m.text === undefined) {
    if (m.held && kept.held === m.held) return kept.text;
    throw new Error('internal: the worker no longer has the scenario text');
  }
  const text = typeof m.text === 'string' ? m.text : new TextDecoder('utf-8', { ignoreBOM: true }).decode(await m.text.arrayBuffer());
  if (m.held) kept = { held: m.held, text };
  return text;
}

/** Messages are handled one at a time, in order (a file is decoded before the next one). */
let queue = Promise.resolve();
self.onmessage = (/** @type {MessageEvent<any>} */ ev) => { queue = queue.then(() => handle(ev.data)); };

/** @param {any} m */
async function handle(m) {
  await ready;
  const s = m.session ? sessionOf(m.session) : null;
  /** @type {Transferable[]} */ const transfer = [];
  try {
    let value;
    switch (m.call) {
      case 'limits':
        limits = m.factor;
        for (const x of sessions.values()) x.session.set_limits(limits);
        break;
      case 'memory': value = memory?.buffer.byteLength ?? 0; break;
      case 'run': {
        const x = /** @type {any} */ (s);
        self.postMessage({ id: m.id, progress: 'running the engine' });
        const t0 = performance.now();
        value = x.session.run(await textOf(m), m.same);
        value.ms = performance.now() - t0; // the engine's side of the run, for the benchmark
        x.run = m.id;
        value.holds = x.session.holds_events();
        value.marks = x.session.marks();
        value.panesFirst = x.session.panes(0, FIRST_ROWS);
        value.droppedFirst = x.session.dropped(0, FIRST_ROWS);
        transfer.push(value.marks.buffer);
        if (value.events) transfer.push(value.events.event_time.buffer, value.events.arrival.buffer, value.events.value.buffer, value.events.key.buffer);
        break;
      }
      case 'read': self.postMessage({ id: m.id, progress: 'reading the scenario' }); value = read(await textOf(m)); break;
      case 'keep_events': /** @type {any} */ (s).session.keep_events(await textOf(m)); break;
      case 'save': await save({ ...m.record, text: await textOf(m) }); break;
      case 'panes': value = current(s, m.run).panes(m.from, m.to); break;
      case 'dropped': value = current(s, m.run).dropped(m.from, m.to); break;
      case 'reason': value = current(s, m.run).reason(m.i); break;
      case 'late': value = current(s, m.run).late(); break;
      case 'watermark': value = current(s, m.run).watermark(); break;
      case 'marks': value = current(s, m.run).marks(); break;
      case 'compare': value = current(s, m.run).compare(current(sessionOf('b'), m.runB)); break;
      case 'sink': value = current(s, m.run).sink(m.at ?? undefined); break;
      case 'why_at': value = current(s, m.run).why_at(m.x, m.y); break;
      case 'why_element': value = current(s, m.run).why_element(m.event, m.at ?? undefined); break;
      case 'watermark_lag': value = current(s, m.run).watermark_lag(m.at ?? undefined); break;
      case 'clear_marks': /** @type {any} */ (s).session.clear_marks(); break;
      case 'hit': value = current(s, m.run).hit(m.x, m.y); break;
      case 'focus': value = current(s, m.run).focus(m.from ?? undefined, m.step); break;
      case 'step': value = current(s, m.run).step(m.at ?? undefined, m.dir); break;
      case 'draw': {
        const x = /** @type {any} */ (s);
        const session = current(x, m.run);
        x.canvas ??= new OffscreenCanvas(m.opts.width, m.opts.height);
        const layout = session.draw(x.canvas, m.opts);
        const bitmap = /** @type {OffscreenCanvas} */ (x.canvas).transferToImageBitmap();
        value = { layout, bitmap };
        transfer.push(bitmap);
        break;
      }
      default: throw new Error(`worker: unknown call ${JSON.stringify(m.call)}`);
    }
    /** @type {any} */ (self).postMessage({ id: m.id, value }, transfer);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Stale) { self.postMessage({ id: m.id, stale: true }); return; }
    if (e instanceof WebAssembly.RuntimeError) {
      // A panic leaves the wasm instance in an unknown state: the client replaces this worker.
      self.postMessage({ id: m.id, error: `internal error (please report it): ${message}`, holds: false, broken: true });
      self.close();
      return;
    }
    self.postMessage({ id: m.id, error: message, holds: s ? s.session.holds_events() : false });
  }
}

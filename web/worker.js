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
 *   {id, call: 'limits', factor}, {id, call: 'memory'}
 * Any failure is {id, error: message, holds} (`holds`: whether the session still keeps listed
 * events); progress while running is {id, progress: phase}. A query about a run the session no
 * longer holds is refused with {id, stale: true}; a failed run leaves the last good one. Nothing here traps the page: a Rust panic comes back as an error
 * with `broken: true`, and the client replaces this worker.
 */
import init, { Session } from './pkg/windowpane_wasm.js';

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

self.onmessage = async (/** @type {MessageEvent<any>} */ ev) => {
  const m = ev.data;
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
        value = x.session.run(m.text, m.same);
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
      case 'panes': value = current(s, m.run).panes(m.from, m.to); break;
      case 'dropped': value = current(s, m.run).dropped(m.from, m.to); break;
      case 'reason': value = current(s, m.run).reason(m.i); break;
      case 'late': value = current(s, m.run).late(); break;
      case 'watermark': value = current(s, m.run).watermark(); break;
      case 'marks': value = current(s, m.run).marks(); break;
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
};

/**
 * The "why?" panel: the engine's answers (the run's session, `Session.why_at`, `why_element`,
 * `watermark_lag`) shown as they come. Click an empty spot of the chart to ask about the windows
 * there at that processing time (which trigger condition is unmet, what holds the watermark,
 * when the window expires, whether it is closed); select an event to ask why it is late or
 * dropped. The watermark's lag (now, p50, p99, and per shard with a transport) follows the
 * timeline. This file only lays out what the session wrote.
 */
import { el, replaceChildren } from './dom.js';
import { format_duration } from './pkg/windowpane_wasm.js';
import { formatTime } from './time.js';
import { Cancelled } from './runner.js';

const HINT = 'Click an empty spot of the chart to ask why its window has or has not fired at that moment; select an event to ask why it is late or dropped.';

/** @param {number|null|undefined} ms */
const duration = (ms) => (typeof ms === 'number' ? format_duration(ms) : '—');
/** A partition's watermark (null: minus infinity). @param {number|null|undefined} ms */
const clock = (ms) => (typeof ms === 'number' ? formatTime(ms) : '−∞');

/** One answer's lines, the first as its heading. @param {any} a @param {string} kind */
function answerView(a, kind) {
  const [head, ...rest] = a.lines;
  const state = kind === 'window' ? a.state?.state ?? '' : a.late ? 'late' : 'on-time';
  return el('div', { class: 'why-answer', 'data-kind': kind, 'data-state': state },
    el('h4', {}, head ?? ''),
    el('ul', { class: 'why-lines' }, rest.map((/** @type {string} */ l) => el('li', {}, l))));
}

/** The lag readout, and its per-shard table with a transport. @param {any} lag */
function lagView(lag) {
  const rows = (lag.partitions ?? []).map((/** @type {any} */ p) => el('tr', { 'data-idle': p.idle ? 'yes' : 'no' },
    el('td', { 'data-label': 'partition' }, p.name),
    el('td', { 'data-label': 'watermark' }, p.idle ? 'idle' : clock(p.watermark)),
    el('td', { 'data-label': 'lag' }, duration(p.lag)),
    el('td', { 'data-label': 'oldest record' }, p.device ?? '—')));
  return el('div', { class: 'why-lag' },
    (lag.lines ?? []).map((/** @type {string} */ l, /** @type {number} */ i) => el('p', { class: i === 0 ? 'lag-line' : 'lag-holding' }, l)),
    rows.length === 0 ? null : el('table', { class: 'lag-table' },
      el('thead', {}, el('tr', {}, ['partition', 'watermark', 'lag', 'oldest record'].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows)));
}

/** The panel. */
export function createWhyPanel() {
  const answer = el('div', { class: 'why-answers' }, el('p', { class: 'hint' }, HINT));
  const lag = el('div', { class: 'why-lag-host' });
  const root = el('section', { id: 'why', class: 'why-panel', 'aria-label': 'why', 'aria-live': 'polite' },
    el('h3', {}, 'Why?'), lag, answer);
  let seq = 0;
  let lagSeq = 0;
  /** @param {unknown} e */
  const failed = (e) => { if (!(e instanceof Cancelled)) replaceChildren(answer, el('p', { class: 'field-error' }, e instanceof Error ? e.message : String(e))); };
  return {
    root,
    /** A new run: the last answer is about another one. */
    reset() { seq++; replaceChildren(answer, el('p', { class: 'hint' }, HINT)); },
    /**
     * Asks about the windows under canvas pixel (x, y) of the run's last chart.
     * @param {any} output @param {number} x @param {number} y @returns {Promise<void>}
     */
    async askAt(output, x, y) {
      const mine = ++seq;
      try {
        const a = await output.whyAt(x, y);
        if (mine !== seq || !a) return;
        replaceChildren(answer, a.windows.length === 0 ? el('p', { class: 'hint' }, 'No window there.')
          : a.windows.map((/** @type {any} */ w) => answerView(w, 'window')));
        root.scrollIntoView?.({ block: 'nearest' });
      } catch (e) { if (mine === seq) failed(e); }
    },
    /** Asks why event `i` is late, dropped or in which pane by `at`. @param {any} output @param {number} i @param {number|null} at */
    async askElement(output, i, at) {
      const mine = ++seq;
      try {
        const a = await output.whyElement(i, at);
        if (mine === seq) replaceChildren(answer, answerView(a, 'element'));
      } catch (e) { if (mine === seq) failed(e); }
    },
    /** Shows the watermark's lag at `at` (null: the end). @param {any} output @param {number|null} at */
    async showLag(output, at) {
      const mine = ++lagSeq;
      try {
        const l = await output.watermarkLag(at);
        if (mine === lagSeq) replaceChildren(lag, lagView(l));
      } catch (e) { if (mine === lagSeq && !(e instanceof Cancelled)) replaceChildren(lag, el('p', { class: 'field-error' }, e instanceof Error ? e.message : String(e))); }
    },
  };
}

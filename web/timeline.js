/**
 * The processing-time scrubber with play/pause, a play speed, and steps to the previous / next
 * happening (an arrival, a watermark move, a timer, a pane: the session's `step`, which also says
 * what happens then). The value is a processing time in ms, or null for "the end" (everything
 * shown), shown as a clock time written by the façade. The range comes from the run: first
 * arrival to the last thing that happens (arrival, watermark move, pane, end of input).
 * Keys (anywhere but in a text box): "," and "." step back and on; on the scrubber, the arrow keys do.
 */
import { el } from './dom.js';
import { formatTime } from './time.js';

const PLAY_MS = 8000;

/**
 * The processing-time span of a run's output, or null when it has none.
 * @param {any} output
 * @returns {{min: number, max: number}|null}
 */
export function timeSpan(output) {
  let min = Infinity;
  let max = -Infinity;
  const see = (/** @type {unknown} */ t) => {
    if (typeof t !== 'number' || !Number.isFinite(t)) return;
    if (t < min) min = t;
    if (t > max) max = t;
  };
  const arrivals = output.columns.arrival;
  for (let i = 0; i < arrivals.length; i++) see(arrivals[i]);
  see(output.first); // the first and last pane or watermark move
  see(output.last);
  see(output.scenario?.end_of_input);
  if (min === Infinity) return null;
  return { min, max: Math.max(max, min + 1000) };
}

/** Play speeds offered (1: the whole run in PLAY_MS). */
const SPEEDS = [0.25, 0.5, 1, 2, 4];

/**
 * Builds the timeline control.
 * @param {(at: number|null) => void} onScrub
 * @param {{step?: (at: number|null, dir: number) => Promise<{at: number, what: string}|null>}} [opts]
 *   `step`: the previous (dir -1) or next (dir 1) happening after `at` (the run's session)
 */
export function createTimeline(onScrub, opts = {}) {
  /** @type {{min: number, max: number}|null} */ let span = null;
  /** @type {number|null} */ let at = null;
  let playing = 0;
  let speed = 1;
  const range = /** @type {HTMLInputElement} */ (el('input', { type: 'range', min: 0, max: 1000, step: 1, value: 1000,
    'aria-label': 'processing time', class: 'scrubber', oninput: () => { said(''); scrub(fromSlider(Number(range.value))); },
    onkeydown: (/** @type {KeyboardEvent} */ e) => {
      if (!opts.step || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
      e.preventDefault();
      stepTo(e.key === 'ArrowLeft' ? -1 : 1);
    } }));
  const label = el('output', { class: 'at' }, 'end');
  const play = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'play', onclick: () => (playing ? stop() : start()) }, '▶ play'));
  const endButton = el('button', { type: 'button', title: 'show everything', onclick: () => { stop(); said(''); scrub(null); } }, 'end');
  const back = el('button', { type: 'button', class: 'step-back', title: 'the previous happening (key ,)', 'aria-label': 'previous happening', onclick: () => stepTo(-1) }, '◀');
  const on = el('button', { type: 'button', class: 'step-on', title: 'the next happening (key .)', 'aria-label': 'next happening', onclick: () => stepTo(1) }, '▶|');
  const speedMenu = /** @type {HTMLSelectElement} */ (el('select', { class: 'speed', 'aria-label': 'play speed', title: 'play speed',
    onchange: () => { speed = Number(speedMenu.value) || 1; if (playing) { stop(); start(); } } },
    SPEEDS.map((v) => el('option', { value: v, selected: v === 1 }, `${v}×`))));
  const happening = el('output', { class: 'happening', 'aria-live': 'polite' });
  const root = el('div', { class: 'timeline' }, play, speedMenu, opts.step ? back : null, range, opts.step ? on : null, label, endButton, happening);
  /** @param {string} text */
  function said(text) { happening.textContent = text; }
  /** Steps to the previous or next happening. @param {number} dir */
  async function stepTo(dir) {
    if (!opts.step) return;
    stop();
    const from = at;
    const next = await opts.step(from, dir).catch(() => null);
    if (at !== from) return; // moved meanwhile
    if (!next) { said(dir < 0 ? 'nothing happens before this' : 'nothing happens after this'); return; }
    scrub(next.at);
    said(next.what);
  }
  if (opts.step) {
    document.addEventListener('keydown', (e) => {
      const t = /** @type {HTMLElement} */ (e.target);
      const typing = t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && t.type !== 'range' && t.type !== 'checkbox') || t?.isContentEditable;
      if (typing || e.ctrlKey || e.metaKey || e.altKey || !root.isConnected) return;
      if (e.key === ',' || e.key === '.') { e.preventDefault(); stepTo(e.key === ',' ? -1 : 1); }
    });
  }

  /** @param {number} v */
  function fromSlider(v) {
    if (!span || v >= 1000) return null;
    return Math.round(span.min + (v / 1000) * (span.max - span.min));
  }
  function show() {
    range.value = String(at === null || !span ? 1000 : Math.round(((at - span.min) / (span.max - span.min)) * 1000));
    label.textContent = at === null ? 'end' : `processing time ${formatTime(at)}`;
    root.dataset.at = at === null ? 'end' : String(at);
  }
  /** @param {number|null} t */
  function scrub(t) {
    at = t;
    show();
    onScrub(at);
  }
  function start() {
    if (!span) return;
    const s = /** @type {{min: number, max: number}} */ (span);
    const from = at === null ? s.min : at;
    const t0 = performance.now();
    const rate = speed;
    play.textContent = '❚❚ pause';
    said('');
    const step = (/** @type {number} */ now) => {
      const t = from + ((now - t0) * rate / PLAY_MS) * (s.max - s.min);
      if (t >= s.max) { stop(); scrub(null); return; }
      scrub(Math.round(t));
      playing = requestAnimationFrame(step);
    };
    playing = requestAnimationFrame(step);
  }
  function stop() {
    if (playing) cancelAnimationFrame(playing);
    playing = 0;
    play.textContent = '▶ play';
  }

  return {
    root,
    /** Sets the range from a run's output; keeps the position when it still lies inside. @param {any} output */
    setOutput(output) {
      span = timeSpan(output);
      if (at !== null && span && (at < span.min || at > span.max)) at = null;
      range.disabled = !span;
      show();
    },
    /** The current processing time, null for the end. */
    at: () => at,
    /** Moves to `t` (null: the end). @param {number|null} t */
    scrubTo: (t) => { stop(); scrub(t); },
    /** Moves to `t` without telling (the position a link or a run brings). @param {number|null} t */
    setAt: (t) => { at = t; show(); },
    playing: () => playing !== 0,
    /** Starts playing (from the current time, or the start at the end). */
    play: () => { if (!playing) start(); },
  };
}

/**
 * The processing-time scrubber with play/pause. The value is a processing time in ms, or null
 * for "the end" (everything shown). The range comes from the run: first arrival to the last thing
 * that happens (arrival, watermark move, pane, end of input).
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

/**
 * Builds the timeline control.
 * @param {(at: number|null) => void} onScrub
 */
export function createTimeline(onScrub) {
  /** @type {{min: number, max: number}|null} */ let span = null;
  /** @type {number|null} */ let at = null;
  let playing = 0;
  const range = /** @type {HTMLInputElement} */ (el('input', { type: 'range', min: 0, max: 1000, step: 1, value: 1000,
    'aria-label': 'processing time', class: 'scrubber', oninput: () => scrub(fromSlider(Number(range.value))) }));
  const label = el('output', { class: 'at' }, 'end');
  const play = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'play', onclick: () => (playing ? stop() : start()) }, '▶ play'));
  const endButton = el('button', { type: 'button', title: 'show everything', onclick: () => { stop(); scrub(null); } }, 'end');
  const root = el('div', { class: 'timeline' }, play, range, label, endButton);

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
    play.textContent = '❚❚ pause';
    const step = (/** @type {number} */ now) => {
      const t = from + ((now - t0) / PLAY_MS) * (s.max - s.min);
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
    playing: () => playing !== 0,
    /** Starts playing (from the current time, or the start at the end). */
    play: () => { if (!playing) start(); },
  };
}

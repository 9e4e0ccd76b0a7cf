/**
 * The options of an embed, read from the query string (docs/embed.md): `height` (the chart's
 * height in pixels), `autoplay` (play the timeline once the chart is drawn), `t` (the processing
 * time to start at, a time like "12:03:00" on the scenario's date or milliseconds) and
 * `legend=0` (no legend of marks under the title). A bad value is an error naming the option.
 */
import { parse_time, parse_date } from './pkg/windowpane_wasm.js';

/** @typedef {{height: number|null, autoplay: boolean, t: string|null, legend: boolean}} EmbedOptions */

const YES = ['1', 'true', 'yes', ''];
const NO = ['0', 'false', 'no'];

/**
 * Reads the options; throws an Error naming the first bad one.
 * @param {string} search `location.search`
 * @returns {EmbedOptions}
 */
export function embedOptions(search) {
  const q = new URLSearchParams(search);
  /** @param {string} name @returns {boolean|null} */
  const flag = (name) => {
    const v = q.get(name);
    if (v === null) return null;
    if (YES.includes(v.toLowerCase())) return true;
    if (NO.includes(v.toLowerCase())) return false;
    throw new Error(`embed option ${name}: expected 1 or 0, got ${JSON.stringify(v)}`);
  };
  const h = q.get('height');
  let height = null;
  if (h !== null) {
    if (!/^\d+$/.test(h) || Number(h) < 200 || Number(h) > 4000) throw new Error(`embed option height: expected a whole number of pixels from 200 to 4000, got ${JSON.stringify(h)}`);
    height = Number(h);
  }
  return { height, autoplay: flag('autoplay') ?? false, t: q.get('t'), legend: flag('legend') ?? true };
}

/**
 * The processing time option `t` means for `scenario` (times of day on its base date), or null.
 * Throws an Error naming the option when it is not a time.
 * @param {string|null} t @param {any} scenario
 * @returns {number|null}
 */
export function startTime(t, scenario) {
  if (t === null || t === '') return null;
  if (/^-?\d+$/.test(t)) return Number(t);
  try {
    const base = typeof scenario?.base === 'string' ? parse_date(scenario.base) : undefined;
    return parse_time(t, base);
  } catch (e) {
    throw new Error(`embed option t: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * Showing times (integers in milliseconds, as the engine gives them) and writing them back: thin
 * names over the façade's `timefmt` (crates/wasm/src/model.rs), so the page writes times exactly
 * as the CLI and the explanations do. The wasm module must be initialised (main.js does).
 */
import { format_clock, write_time, parse_date } from './pkg/windowpane_wasm.js';

/**
 * Formats an engine time for display: "12:04:59", "12:04:59.250", the date in front when it is
 * not on 1970-01-01 ("1970-01-02 00:00:10"); `null` (the end of the global window) as "+∞".
 * @param {number|null|undefined} ms
 * @returns {string}
 */
export const formatTime = (ms) => format_clock(ms ?? undefined, undefined);

/**
 * Formats a window {start, end} (null bounds: the global window).
 * @param {{start: number|null, end: number|null}|null|undefined} w
 */
export function formatWindow(w) {
  if (!w) return '';
  if (w.start === null && w.end === null) return 'global';
  return `[${formatTime(w.start)}, ${formatTime(w.end)})`;
}

/**
 * A time to write into the scenario: a time of day on the scenario's base date (1970-01-01
 * without one), else an RFC 3339 timestamp. Both mean exactly `ms`.
 * @param {number} ms
 * @param {{base?: unknown}} scenario
 * @returns {string}
 */
export function scenarioTime(ms, scenario) {
  const base = typeof scenario.base === 'string' ? parse_date(scenario.base) : undefined;
  return write_time(ms, base);
}


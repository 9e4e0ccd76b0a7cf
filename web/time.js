/** Showing times (integers in milliseconds, as the engine gives them) and writing them back. */

const DAY = 86_400_000;

/**
 * Formats an engine time for display: "12:04:59" or "12:04:59.250" on 1970-01-01 (UTC),
 * a full ISO timestamp otherwise; `null` (plus infinity, the end of the global window) as "∞".
 * @param {number|null|undefined} ms
 * @returns {string}
 */
export function formatTime(ms) {
  if (ms === null || ms === undefined) return '∞';
  if (!Number.isFinite(ms)) return ms > 0 ? '∞' : '−∞';
  const iso = new Date(ms).toISOString();
  if (ms >= 0 && ms < DAY) {
    const clock = iso.slice(11, 23);
    return clock.endsWith('.000') ? clock.slice(0, 8) : clock;
  }
  return iso;
}

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
 * A time to write into the scenario: a time of day ("12:04:59") when the scenario has no `base`
 * and the time lies on 1970-01-01, else an RFC 3339 timestamp. Both mean exactly `ms`.
 * @param {number} ms
 * @param {{base?: unknown}} scenario
 * @returns {string}
 */
export function scenarioTime(ms, scenario) {
  if (!Number.isInteger(ms)) throw new Error(`invalid time: ${ms}`);
  if (scenario.base === undefined && ms >= 0 && ms < DAY) return formatTime(ms);
  return new Date(ms).toISOString();
}

/**
 * Formats a duration in milliseconds for display ("1m30s", "250ms").
 * @param {number} ms
 */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const parts = [];
  for (const [unit, size] of /** @type {const} */ ([['d', DAY], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]])) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return sign + parts.join('');
}

/**
 * The timeline's processing time in the address (`&at=12:05:59`, see url.js): written as a
 * scenario time by the façade (time.js), read back with the façade's parser, so a link opens at
 * the moment it was shared.
 */
import { parse_time, parse_date } from './pkg/windowpane_wasm.js';
import { scenarioTime } from './time.js';
import { withAt } from './url.js';

/** Quiet time before the address follows the timeline (a playing timeline moves 60 times a second). */
const LINK_AFTER_MS = 300;

/**
 * The text of `at` for the address (null: the end, no `at`).
 * @param {number|null} at @param {{base?: unknown}} scenario
 */
export function atText(at, scenario) {
  return at === null ? null : scenarioTime(at, scenario);
}

/**
 * The processing time an address's `at` text means (null: none, or not a time).
 * @param {string|null} text @param {{base?: unknown}} scenario
 * @returns {number|null}
 */
export function atOf(text, scenario) {
  if (!text) return null;
  try {
    const base = typeof scenario.base === 'string' ? parse_date(scenario.base) : undefined;
    return parse_time(text, base);
  } catch {
    return null;
  }
}

let timer = 0;
/**
 * Puts `at` into the address after a moment of quiet, when the address holds a document.
 * @param {number|null} at @param {{base?: unknown}} scenario
 */
export function linkAt(at, scenario) {
  clearTimeout(timer);
  timer = window.setTimeout(() => {
    if (!/(^#|&)s=/.test(location.hash)) return;
    const hash = withAt(location.hash, atText(at, scenario));
    if (hash !== location.hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  }, LINK_AFTER_MS);
}

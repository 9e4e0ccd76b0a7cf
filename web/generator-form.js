/**
 * The generator form: writes a scenario `generate` section (devices, rate, start, duration, delay,
 * seed) and lists the events the Rust generator makes from it (`generate_listing`, the same
 * SplitMix64 draws as `windowpane run` on a scenario with that section), with what keeps the
 * scenario valid: `sent` instead of `arrival` under a transport, and an end of input past the
 * last arrival (crates/scenario, listing.rs).
 */
import { el, field } from './dom.js';
import { generate_listing } from './pkg/windowpane_wasm.js';
import { scenarioTime } from './time.js';

/** The delay types of `generate.delay` and the duration fields each takes. */
const DELAY_FIELDS = /** @type {Record<string, string[]>} */ ({
  exponential: ['mean'], log_normal: ['median', 'p99'], uniform: ['min', 'max'], fixed: ['value'],
});

/**
 * The `generate` section the form describes (field values as written, for the engine to check).
 * @param {FormData} f
 */
export function generateSection(f) {
  const text = (/** @type {string} */ k) => String(f.get(k) ?? '').trim();
  const number = (/** @type {string} */ k) => (text(k) === '' ? text(k) : Number(text(k)));
  const kind = text('delay');
  /** @type {Record<string, unknown>} */ const delay = { type: kind };
  for (const k of DELAY_FIELDS[kind] ?? []) delay[k] = text(`delay.${k}`);
  return {
    devices: { count: number('devices'), key: text('key') },
    rate: number('rate'), start: text('start'), duration: text('duration'), seed: number('seed'), delay,
    value: { type: 'uniform', min: 1, max: 9 },
  };
}

/**
 * What the generator writes into a scenario: its events (replacing the listed ones, or after
 * them) and, when it moves, the end of input; the `generate` section the events replace goes.
 * @typedef {{events: any[], mode: 'replace'|'append', end_of_input: string|null}} Generated
 */

/**
 * Writes `g` into `scenario` (a copy the caller owns).
 * @param {any} scenario @param {Generated} g
 */
export function applyGenerated(scenario, g) {
  scenario.events = g.mode === 'append' && Array.isArray(scenario.events) ? [...scenario.events, ...g.events] : g.events;
  delete scenario.generate;
  if (g.end_of_input !== null) scenario.end_of_input = g.end_of_input;
}

/**
 * Builds the form. `apply` receives the generated events in scenario form.
 * @param {any} scenario the current scenario (its base date, transport, end of input and events)
 * @param {(g: Generated) => void} apply
 * @param {(message: string) => void} fail shows a generator error ("generate.rate: …")
 * @returns {HTMLElement}
 */
export function generatorForm(scenario, apply, fail) {
  // Each control carries the path the engine names in its errors (generate.rate: …).
  const path = (/** @type {string} */ name) => `generate.${name === 'devices' ? 'devices.count' : name === 'key' ? 'devices.key' : name}`;
  const input = (/** @type {string} */ name, /** @type {string} */ value, /** @type {any} */ attrs = {}) =>
    el('input', { name, value, 'data-path': path(name), ...attrs });
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'generator' },
    el('fieldset', {}, el('legend', {}, 'Generate events'),
      field('devices', input('devices', '2', { type: 'number', min: 1, step: 1 })),
      field('key pattern', input('key', 'device-{i}')),
      field('rate (events/s per device)', input('rate', '0.1', { type: 'number', min: 0.001, step: 'any' })),
      field('start', input('start', '12:00:00')),
      field('duration', input('duration', '5m')),
      field('delay', el('select', { name: 'delay', 'data-path': 'generate.delay.type' }, Object.keys(DELAY_FIELDS).map((k) => el('option', { value: k }, k)))),
      field('mean', input('delay.mean', '30s')),
      field('median / p99 (log_normal)', el('span', {}, input('delay.median', '5s'), input('delay.p99', '1m'))),
      field('min / max (uniform)', el('span', {}, input('delay.min', '0ms'), input('delay.max', '1m'))),
      field('value (fixed)', input('delay.value', '10s')),
      field('seed', input('seed', '1', { type: 'number', step: 1, min: 0 })),
      field('mode', el('select', { name: 'mode' }, el('option', { value: 'replace' }, 'replace events'), el('option', { value: 'append' }, 'append'))),
      el('button', { type: 'submit' }, 'Generate'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const mode = f.get('mode') === 'append' ? 'append' : 'replace';
    for (const n of form.querySelectorAll('.field-error')) n.remove();
    try {
      // The scenario without a held document's placeholder (the generator needs its head only then).
      const own = Array.isArray(scenario.events) || scenario.events === undefined ? scenario : { ...scenario, events: [] };
      /** @type {{events: Array<{key: string, value: number, event_time: number, arrival?: number, sent?: number}>, end_of_input: number|null}} */
      const listing = generate_listing(JSON.stringify(own), JSON.stringify(generateSection(f)), mode === 'append');
      const time = (/** @type {number} */ ms) => scenarioTime(ms, scenario);
      apply({
        events: listing.events.map((e) => ({ key: e.key, value: e.value, event_time: time(e.event_time),
          ...(e.arrival !== undefined ? { arrival: time(e.arrival) } : {}), ...(e.sent !== undefined ? { sent: time(e.sent) } : {}) })),
        mode, end_of_input: listing.end_of_input === null ? null : time(listing.end_of_input),
      });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  });
  return form;
}

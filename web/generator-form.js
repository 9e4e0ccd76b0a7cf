/**
 * The generator form: writes a scenario `generate` section (devices, rate, start, duration, delay,
 * seed) and lists the events the Rust generator makes from it (`generate_events`, the same
 * SplitMix64 draws as `windowpane run` on a scenario with that section).
 */
import { el, field } from './dom.js';
import { generate_events } from './pkg/windowpane_wasm.js';
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
 * Builds the form. `apply` receives the generated events in scenario form.
 * @param {any} scenario the current scenario (for its base date and how to write times)
 * @param {(events: any[], mode: 'replace'|'append') => void} apply
 * @param {(message: string) => void} fail shows a generator error ("generate.rate: …")
 * @returns {HTMLElement}
 */
export function generatorForm(scenario, apply, fail) {
  const input = (/** @type {string} */ name, /** @type {string} */ value, /** @type {any} */ attrs = {}) =>
    el('input', { name, value, ...attrs });
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'generator' },
    el('fieldset', {}, el('legend', {}, 'Generate events'),
      field('devices', input('devices', '2', { type: 'number', min: 1, step: 1 })),
      field('key pattern', input('key', 'device-{i}')),
      field('rate (events/s per device)', input('rate', '0.1', { type: 'number', min: 0.001, step: 'any' })),
      field('start', input('start', '12:00:00')),
      field('duration', input('duration', '5m')),
      field('delay', el('select', { name: 'delay' }, Object.keys(DELAY_FIELDS).map((k) => el('option', { value: k }, k)))),
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
    const head = { format: 'windowpane/1', ...(scenario.base !== undefined ? { base: scenario.base } : {}), generate: generateSection(f), pipeline: {} };
    try {
      /** @type {Array<{key: string, value: number, event_time: number, arrival: number}>} */
      const events = generate_events(JSON.stringify(head));
      apply(events.map((e) => ({ key: e.key, value: e.value, event_time: scenarioTime(e.event_time, scenario), arrival: scenarioTime(e.arrival, scenario) })),
        f.get('mode') === 'append' ? 'append' : 'replace');
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  });
  return form;
}

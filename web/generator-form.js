/** The generator form: n keys, rate, delay distribution, seed → events (see generate.js). */
import { el, field } from './dom.js';
import { defaultSpec, generateEvents } from './generate.js';
import { scenarioTime } from './time.js';

/**
 * Builds the form. `apply` receives the generated events in scenario form.
 * @param {any} scenario the current scenario (for how to write times)
 * @param {(events: any[], mode: 'replace'|'append') => void} apply
 * @param {(message: string) => void} fail shows a generator error
 * @returns {HTMLElement}
 */
export function generatorForm(scenario, apply, fail) {
  const s = defaultSpec;
  const num = (/** @type {string} */ name, /** @type {number} */ value, /** @type {any} */ attrs = {}) =>
    el('input', { type: 'number', name, value: String(value), ...attrs });
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'generator' },
    el('fieldset', {}, el('legend', {}, 'Generate events'),
      field('keys', num('keys', s.keys, { min: 1, max: 1000, step: 1 })),
      field('rate (events/min per key)', num('rate', s.rate, { min: 0.01, step: 'any' })),
      field('start (time of day)', el('input', { type: 'time', name: 'start', step: 1, value: '12:00:00' })),
      field('duration (s)', num('duration', s.duration / 1000, { min: 1, step: 1 })),
      field('delay', el('select', { name: 'kind' }, ['exponential', 'uniform', 'fixed'].map((k) => el('option', { value: k }, k)))),
      field('mean delay (s)', num('mean', s.delay.mean / 1000, { min: 0, step: 'any' })),
      field('min/max delay (s, uniform)', el('span', {}, num('min', s.delay.min / 1000, { min: 0, step: 'any' }), num('max', s.delay.max / 1000, { min: 0, step: 'any' }))),
      field('seed', num('seed', s.seed, { step: 1 })),
      field('mode', el('select', { name: 'mode' }, el('option', { value: 'replace' }, 'replace events'), el('option', { value: 'append' }, 'append'))),
      el('button', { type: 'submit' }, 'Generate'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const n = (/** @type {string} */ k) => Number(f.get(k));
    try {
      const [hh, mm, ss] = String(f.get('start') || '12:00:00').split(':').map(Number);
      const events = generateEvents({
        keys: n('keys'), rate: n('rate'), start: ((hh * 60 + mm) * 60 + (ss || 0)) * 1000,
        duration: Math.round(n('duration') * 1000), seed: n('seed'), values: [1, 9],
        delay: { kind: /** @type {any} */ (String(f.get('kind'))), mean: n('mean') * 1000, min: n('min') * 1000, max: n('max') * 1000 },
      });
      apply(events.map((e) => ({ key: e.key, value: e.value, event_time: scenarioTime(e.event_time, scenario), arrival: scenarioTime(e.arrival, scenario) })),
        f.get('mode') === 'append' ? 'append' : 'replace');
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
  });
  return form;
}

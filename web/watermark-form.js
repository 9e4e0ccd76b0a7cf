/**
 * The watermark form: the model and its parameters (explicit points are also draggable on the
 * chart), and the end of input.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';

const MODELS = ['explicit', 'perfect', 'bounded_out_of_orderness', 'ingest'];
const TEMPLATE = /** @type {Record<string, any>} */ ({
  explicit: { model: 'explicit', points: [] },
  perfect: { model: 'perfect' },
  bounded_out_of_orderness: { model: 'bounded_out_of_orderness', max_delay: '30s' },
  ingest: { model: 'ingest' },
});

/**
 * Builds the form.
 * @param {any} scenario the scenario as written
 * @param {(change: (scenario: any) => void) => void} edit applies a change to a copy of the scenario
 * @returns {HTMLElement}
 */
export function watermarkForm(scenario, edit) {
  const wm = scenario.watermark && typeof scenario.watermark === 'object' ? scenario.watermark : undefined;
  const model = wm ? String(wm.model ?? '') : '';
  const setWm = (/** @type {string} */ key, /** @type {any} */ value) => edit((s) => {
    s.watermark = { ...s.watermark };
    if (value === undefined) delete s.watermark[key]; else s.watermark[key] = value;
  });
  const box = el('fieldset', { class: 'watermark', 'data-path': 'watermark' }, el('legend', {}, 'Watermark'),
    field('model', select('watermark.model', [['', '(not set)'], ...MODELS], model,
      (m) => edit((s) => { if (m === '') delete s.watermark; else s.watermark = TEMPLATE[m]; }))));

  if (model === 'bounded_out_of_orderness') {
    box.append(field('max delay', textInput('watermark.max_delay', wm.max_delay, (v) => setWm('max_delay', scenarioValue(v)))));
  }
  if (model === 'ingest') {
    box.append(field('idle timeout', textInput('watermark.idle_timeout', wm.idle_timeout, (v) => setWm('idle_timeout', scenarioValue(v)))));
  }
  if (model === 'explicit') {
    const points = Array.isArray(wm.points) ? wm.points : [];
    const setPoint = (/** @type {number} */ i, /** @type {string} */ k, /** @type {string} */ v) =>
      setWm('points', points.map((pt, j) => (j === i ? { ...pt, [k]: scenarioValue(v) } : pt)));
    box.append(el('table', { class: 'points error-host', 'data-path': 'watermark.points' },
      el('thead', {}, el('tr', {}, el('th', {}, 'at (processing time)'), el('th', {}, 'to (event time)'), el('th', {}))),
      el('tbody', {}, points.map((pt, i) => el('tr', { 'data-point': i },
        el('td', {}, textInput(`watermark.points[${i}].at`, pt?.at, (v) => setPoint(i, 'at', v))),
        el('td', {}, textInput(`watermark.points[${i}].to`, pt?.to, (v) => setPoint(i, 'to', v))),
        el('td', {}, el('button', { type: 'button', class: 'remove', title: 'remove point',
          onclick: () => setWm('points', points.filter((_, j) => j !== i)) }, '×')))))),
    el('button', { type: 'button', class: 'add', onclick: () => {
      const last = points[points.length - 1];
      setWm('points', [...points, last ? { ...last } : { at: '12:00:00', to: '12:00:00' }]);
    } }, '+ add point'),
    el('p', { class: 'hint' }, 'Drag the watermark points on the chart to move them.'));
  }
  box.append(field('end of input', textInput('end_of_input', scenario.end_of_input,
    (v) => edit((s) => { const t = scenarioValue(v); if (t === undefined) delete s.end_of_input; else s.end_of_input = t; }))));
  return box;
}

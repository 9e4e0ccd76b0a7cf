/**
 * The pipeline form: window, trigger, accumulation, allowed lateness, timestamp combiner,
 * closing and on-time behaviour, combiner. Edits the pipeline object as written; an absent field
 * shows "(not set)" and, when the engine's canonical scenario has it, the value it resolved to.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';
import { triggerEditor } from './trigger-builder.js';
import { vocabulary, kindOf, template } from './vocabulary.js';

/**
 * Builds the form.
 * @param {any} pipeline the pipeline object as written
 * @param {string} prefix data-path prefix ('' for the scenario, 'b:' for compare pipeline B)
 * @param {(next: any) => void} onChange called with the whole new pipeline
 * @param {any} [canonical] the engine's canonical pipeline (run().scenario.pipeline), for hints
 * @param {{semantics?: 'beam'|'flink'}} [opts] under Flink semantics: Flink's triggers, no accumulation
 *   mode, timestamp combiner or closing and on-time behaviour (Flink has none)
 * @returns {HTMLElement}
 */
export function pipelineForm(pipeline, prefix, onChange, canonical, { semantics = 'beam' } = {}) {
  const flink = semantics === 'flink';
  const p = pipeline && typeof pipeline === 'object' ? pipeline : {};
  const base = `${prefix}pipeline`;
  const set = (/** @type {string} */ key, /** @type {any} */ value) => {
    const next = { ...p };
    if (value === undefined) delete next[key]; else next[key] = value;
    onChange(next);
  };
  const hint = (/** @type {string} */ key) => {
    if (p[key] !== undefined || !canonical || canonical[key] === undefined) return undefined;
    return `engine uses: ${JSON.stringify(canonical[key])}`;
  };

  const { windows, choices, flink: flinkVocabulary } = vocabulary();
  const w = p.window && typeof p.window === 'object' ? p.window : undefined;
  const wtype = w ? String(w.type ?? '') : '';
  const windowBox = el('fieldset', { class: 'window', 'data-path': `${base}.window` }, el('legend', {}, 'Window'),
    field('type', select(`${base}.window.type`, [['', '(not set)'], ...windows.map((k) => k.type)], wtype,
      (t) => set('window', t === '' ? undefined : template(windows, t))), hint('window')),
    (kindOf(windows, wtype)?.fields ?? []).map((k) => field(k, textInput(`${base}.window.${k}`, w?.[k],
      (v) => set('window', withField(w, k, scenarioValue(v)))))));

  const choice = (/** @type {string} */ key, /** @type {string} */ label) => field(label,
    select(`${base}.${key}`, [['', '(not set)'], ...(choices[key] ?? [])], p[key] === undefined ? '' : String(p[key]),
      (v) => set(key, v === '' ? undefined : v)), hint(key));

  return el('div', { class: 'pipeline-form' },
    windowBox,
    el('fieldset', { class: 'trigger-box' }, el('legend', {}, 'Trigger'),
      triggerEditor(p.trigger, `${base}.trigger`, (t) => set('trigger', t), { optional: true, kinds: flink ? flinkVocabulary.triggers : undefined }),
      hint('trigger') ? el('span', { class: 'hint' }, hint('trigger')) : null),
    el('fieldset', {}, el('legend', {}, 'Panes'),
      flink ? el('p', { class: 'hint' }, 'Flink has no accumulation mode: a firing keeps the window\'s contents; the purging trigger discards them.') : choice('accumulation', 'accumulation'),
      field('allowed lateness', textInput(`${base}.allowed_lateness`, p.allowed_lateness,
        (v) => set('allowed_lateness', scenarioValue(v)), { placeholder: '0' }), hint('allowed_lateness')),
      flink ? null : choice('timestamp_combiner', 'timestamp combiner'),
      flink ? null : choice('closing_behavior', 'closing behaviour'),
      flink ? null : choice('on_time_behavior', 'on-time behaviour'),
      choice('combine', 'combiner')));
}

/** @param {any} obj @param {string} key @param {any} value */
function withField(obj, key, value) {
  const next = { ...(obj ?? {}) };
  if (value === undefined) delete next[key]; else next[key] = value;
  return next;
}

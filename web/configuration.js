/**
 * A configuration's semantics (Beam's or Flink's) and the scenario each configuration runs.
 * Configuration A is the scenario (`semantics` at its top); configuration B (compare mode) is the
 * document's `compare` object: pipeline B's fields, plus `semantics` when B runs under other
 * semantics than A (no pipeline has a field of that name). Which fields a pipeline takes and which
 * triggers each semantics has come from the façade's vocabulary.
 */
import { el } from './dom.js';
import { vocabulary } from './vocabulary.js';

/** @typedef {'beam'|'flink'} Semantics */

/** The semantics of a scenario. @param {any} scenario @returns {Semantics} */
export const semanticsOf = (scenario) => (scenario?.semantics === 'flink' ? 'flink' : 'beam');

/** Pipeline B without its semantics. @param {any} compare */
export function pipelineB(compare) {
  if (!compare || typeof compare !== 'object') return compare;
  const { semantics, ...pipeline } = compare;
  return pipeline;
}

/** The semantics of configuration B. @param {{scenario: any, compare: any}} doc @returns {Semantics} */
export function semanticsB(doc) {
  const own = doc.compare?.semantics;
  return own === 'flink' || own === 'beam' ? own : semanticsOf(doc.scenario);
}

/** Pipeline B with its semantics (written only when it is not A's). @param {any} pipeline @param {Semantics} semantics @param {any} scenario */
export function withSemantics(pipeline, semantics, scenario) {
  const p = pipelineB(pipeline) ?? {};
  return semantics === semanticsOf(scenario) ? p : { ...p, semantics };
}

/**
 * The scenario configuration B runs: A's events and watermark, B's pipeline and semantics. A Beam
 * B over a Flink A's watermark leaves out the fields only Flink reads (periodic emission,
 * idleness: Beam's watermark has neither), which `ignoredByB` names.
 * @param {{scenario: any, compare: any}} doc
 */
export function scenarioB(doc) {
  const s = { ...doc.scenario, pipeline: pipelineB(doc.compare) };
  if (semanticsB(doc) === 'flink') s.semantics = 'flink';
  else {
    delete s.semantics;
    const ignored = ignoredByB(doc);
    if (ignored.length) s.watermark = Object.fromEntries(Object.entries(s.watermark).filter(([k]) => !ignored.includes(k)));
  }
  return s;
}

/** The watermark fields of A that a Beam B does not read. @param {{scenario: any, compare: any}} doc @returns {string[]} */
export function ignoredByB(doc) {
  const w = doc.scenario?.watermark;
  if (semanticsB(doc) !== 'beam' || !w || typeof w !== 'object') return [];
  const flinkOnly = vocabulary().flink.watermark_fields[w.model] ?? [];
  return flinkOnly.filter((k) => Object.hasOwn(w, k));
}

/**
 * A pipeline carried over to other semantics: the fields the other semantics' pipeline takes
 * (window, allowed lateness, combiner, ...), its trigger only when the other semantics has that
 * trigger type (else the assigner's default).
 * @param {any} pipeline @param {Semantics} to
 */
export function carryOver(pipeline, to) {
  const v = vocabulary();
  const fields = to === 'flink' ? v.flink.pipeline_fields : v.flink.beam_pipeline_fields;
  const triggers = (to === 'flink' ? v.flink.triggers : v.triggers).map((k) => k.type);
  /** @type {Record<string, any>} */ const out = {};
  for (const [k, value] of Object.entries(pipelineB(pipeline) ?? {})) {
    if (!fields.includes(k)) continue;
    if (k === 'trigger' && !triggers.includes(value?.type)) continue;
    out[k] = value;
  }
  return out;
}

/**
 * The Beam / Flink switch of a configuration.
 * @param {Semantics} current @param {string} prefix data-path prefix ('' or 'b:') @param {(s: Semantics) => void} onChange
 */
export function semanticsSwitch(current, prefix, onChange) {
  return el('div', { class: 'semantics error-host', 'data-path': `${prefix}semantics` },
    el('span', { class: 'semantics-label' }, 'Semantics'),
    el('div', { class: 'segmented', role: 'group', 'aria-label': `${prefix ? 'configuration B' : 'configuration A'} semantics` },
      /** @type {Array<[Semantics, string, string]>} */ ([
        ['beam', 'Beam', "Apache Beam's runner core (ReduceFnRunner)"],
        ['flink', 'Flink', "Apache Flink's WindowOperator: no accumulation mode, Flink's triggers"],
      ]).map(([s, label, title]) => el('button', { type: 'button', title, 'aria-pressed': String(current === s), 'data-semantics': s,
        onclick: () => { if (s !== current) onChange(s); } }, label))));
}

/**
 * The model's vocabulary, as the façade gives it (`vocabulary()`, read from the scenario format's
 * JSON Schema): window types, trigger types and the fields each takes, the pipeline's choices.
 * Read once, after the wasm module is initialised.
 */
import { vocabulary as read } from './pkg/windowpane_wasm.js';

/**
 * @typedef {{type: string, fields: string[], required: string[], holds: Record<string, string>, parts: Record<string, string[]>}} Kind
 * @typedef {{windows: Kind[], triggers: Kind[], choices: Record<string, string[]>, choice_order: string[],
 *   flink: {triggers: Kind[], pipeline_fields: string[], beam_pipeline_fields: string[], watermark_fields: Record<string, string[]>}}} Vocabulary
 */

/** @type {Vocabulary|null} */ let cached = null;

/** @returns {Vocabulary} */
export const vocabulary = () => (cached ??= read());

/** The kind named `type` among `kinds`, if any. @param {Kind[]} kinds @param {string} type */
export const kindOf = (kinds, type) => kinds.find((k) => k.type === type);

/**
 * Starting values the page fills in when the user picks a type (a place to begin editing, not a
 * default of the model), by type and field, by field, then by what the field holds.
 */
const START = /** @type {Record<string, unknown>} */ ({ duration: '1m', integer: 1, size: '2m', 'sliding.size': '4m', 'sliding.period': '2m', gap: '1m' });

/**
 * The object a node becomes when the user picks `type`: its required fields with starting values
 * (a required trigger is `after_count` 1; a required list of triggers holds two of them).
 * @param {Kind[]} kinds
 * @param {string} type
 * @returns {any}
 */
export function template(kinds, type) {
  const kind = kindOf(kinds, type);
  /** @type {Record<string, unknown>} */ const out = { type };
  // A required child trigger starts as a count of 1 (Beam's after_count, Flink's count).
  const count = () => template(kinds, kindOf(kinds, 'after_count') ? 'after_count' : 'count');
  for (const f of kind?.required ?? []) {
    const holds = kind?.holds[f];
    out[f] = holds === 'trigger' ? count() : holds === 'triggers' ? [count(), count()] : START[`${type}.${f}`] ?? START[f] ?? START[holds ?? ''] ?? '';
  }
  return out;
}

/**
 * The fleet form: every field of a scenario's `generate` section (devices and their key pattern,
 * rate, start, duration, seed, network delay, clock skew, values, hot devices with their own
 * rate, offline periods), built from the ingest crate's description of the section
 * (`generate_fields`), so the form lists what the parser reads. Values are written as typed, for
 * the scenario crate to judge; its errors land next to the control with the same data-path.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';
import { generate_fields, parse_time, parse_duration, parse_date } from './pkg/windowpane_wasm.js';
import { getPath, setPath } from './ingest-form.js';
import { scenarioTime } from './time.js';

/**
 * @typedef {{path: string, holds: string, label: string, required: boolean,
 *   kinds?: Array<{type: string, fields: Field[]}>, fields?: Field[]}} Field
 */

/** @type {Field[]|null} */ let described = null;
/** The section's fields as the ingest crate describes them (asked once). */
function fields() {
  described ??= /** @type {Field[]} */ (generate_fields());
  return described;
}

/** A fleet to start from: a few devices sending once a second for a minute. */
const FLEET = { devices: { count: 4, key: 'device-{i}' }, rate: 1, start: '12:00:00', duration: '1m', seed: 1,
  delay: { type: 'exponential', mean: '200ms' } };

/**
 * A typed value for a field of kind `holds`: text stays text, the rest as `scenarioValue` reads it.
 * @param {string} holds @param {string} text
 */
function typed(holds, text) {
  return holds === 'text' ? (text.trim() === '' ? undefined : text) : scenarioValue(text);
}

/**
 * The `type` of a choice field's value: an object's `type`, else what a short form means (a
 * duration for `delay` is a fixed delay; a number for `value` a constant, "sequence" itself).
 * @param {unknown} v
 */
function kindOf(v) {
  if (v && typeof v === 'object') return String(/** @type {any} */ (v).type ?? '');
  if (v === undefined) return '';
  if (v === 'sequence') return 'sequence';
  return typeof v === 'number' ? 'constant' : 'fixed';
}

/**
 * Builds the form for `scenario.generate`, or, for listed events, a button that replaces them
 * with a fleet.
 * @param {any} scenario
 * @param {(change: (scenario: any) => void) => void} edit
 * @returns {HTMLElement}
 */
export function fleetForm(scenario, edit) {
  const g = scenario.generate;
  if (!g || typeof g !== 'object') {
    return el('p', { class: 'hint fleet-offer' }, 'Or describe a fleet of devices (rates, delays, clock skew, offline periods, a hot device): ',
      el('button', { type: 'button', class: 'make-fleet', onclick: () => edit((s) => {
        delete s.events; delete s.end_of_input; s.generate = structuredClone(FLEET);
      }) }, 'generate from a fleet'));
  }
  const put = (/** @type {string} */ path, /** @type {unknown} */ value) => edit((s) => { s.generate = setPath(s.generate, path, value); });
  const box = el('fieldset', { class: 'fleet', 'data-path': 'generate' }, el('legend', {}, 'Fleet (the generate section)'));
  for (const f of fields()) {
    const v = getPath(g, f.path);
    if (f.holds === 'choice') box.append(choice(f, v, put));
    else if (f.holds === 'list') box.append(list(f, Array.isArray(v) ? v : [], g, scenario, put));
    else box.append(field(f.label, textInput(`generate.${f.path}`, v, (t) => put(f.path, typed(f.holds, t)),
      { placeholder: f.required ? 'required' : 'default' })));
  }
  return box;
}

/**
 * A choice field (an object with a `type`): its type, then the fields of that type.
 * @param {Field} f @param {unknown} v @param {(path: string, value: unknown) => void} put
 */
function choice(f, v, put) {
  const kinds = f.kinds ?? [];
  const kind = kindOf(v);
  const current = v && typeof v === 'object' ? /** @type {Record<string, unknown>} */ (v) : { type: kind, ...(v === undefined || kind === 'sequence' ? {} : { value: v }) };
  const part = el('div', { class: 'choice', 'data-path': `generate.${f.path}` },
    field(f.label, select(`generate.${f.path}.type`, [['', '(default)'], ...kinds.map((k) => k.type)], kind,
      (t) => put(f.path, t === '' ? undefined : { type: t }))));
  for (const sub of kinds.find((k) => k.type === kind)?.fields ?? []) {
    part.append(field(sub.label, textInput(`generate.${f.path}.${sub.path}`, current[sub.path],
      (t) => put(f.path, { ...current, type: kind, [sub.path]: typed(sub.holds, t) }))));
  }
  return part;
}

/**
 * A list field (hot devices, offline periods): one row per item, remove and add.
 * @param {Field} f @param {any[]} items @param {any} g @param {any} scenario @param {(path: string, value: unknown) => void} put
 */
function list(f, items, g, scenario, put) {
  const sub = f.fields ?? [];
  const set = (/** @type {any[]} */ next) => put(f.path, next.length ? next : undefined);
  return el('div', { class: 'fleet-list', 'data-path': `generate.${f.path}` },
    el('span', { class: 'label' }, f.label),
    items.map((item, i) => el('div', { class: 'fleet-item', 'data-item': i },
      sub.map((s) => field(s.label, textInput(`generate.${f.path}[${i}].${s.path}`, item?.[s.path],
        (t) => set(items.map((x, j) => (j === i ? { ...x, [s.path]: typed(s.holds, t) } : x)))))),
      el('button', { type: 'button', class: 'remove', title: `remove ${f.path} ${i + 1}`, onclick: () => set(items.filter((_, j) => j !== i)) }, '×'))),
    el('button', { type: 'button', class: 'add', 'data-add': f.path, onclick: () => set([...items, newItem(sub, g, scenario)]) }, `+ add`));
}

/**
 * A new list item: device 0, a rate ten times the fleet's, an offline period of the first
 * quarter of the generated period (times computed by the façade).
 * @param {Field[]} sub @param {any} g @param {any} scenario
 */
function newItem(sub, g, scenario) {
  /** @type {Record<string, unknown>} */ const item = {};
  let start = 0;
  let base;
  try { base = typeof scenario.base === 'string' ? parse_date(scenario.base) : undefined; } catch { /* the scenario's error says why */ }
  let length = 60_000;
  try { start = typeof g.start === 'number' ? g.start : typeof g.start === 'string' ? parse_time(g.start, base) : 0; } catch { /* the form shows the error */ }
  try { length = typeof g.duration === 'number' ? g.duration : parse_duration(String(g.duration)); } catch { /* idem */ }
  for (const s of sub) {
    if (s.holds === 'device') item[s.path] = 0;
    else if (s.holds === 'number') item[s.path] = typeof g.rate === 'number' ? g.rate * 10 : 10;
    else if (s.holds === 'time') item[s.path] = scenarioTime(s.path === 'from' ? start : start + Math.max(1000, Math.round(length / 4)), scenario);
  }
  return item;
}

/**
 * The trigger builder: an editor for the whole trigger tree, composites nested.
 * It edits the scenario's trigger object as written; meaning and validation are the engine's.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';
import { vocabulary, kindOf, template } from './vocabulary.js';

/** How the page labels a child slot (the field names are the format's; see vocabulary.js). */
const LABELS = /** @type {Record<string, string>} */ ({ early: 'early firings', late: 'late firings', until: 'until', delay: 'delay', count: 'count' });

/** The label of field `key` of a node of type `type`. @param {string} type @param {string} key */
const label = (type, key) => (key === 'trigger' ? (type === 'repeatedly' ? 'repeat' : 'fire on') : LABELS[key] ?? key.replace(/_/g, ' '));

/** The object a node becomes when the user picks `type` (among `kinds`, Beam's by default). @param {string} type @param {import('./vocabulary.js').Kind[]} [kinds] */
export const triggerTemplate = (type, kinds = vocabulary().triggers) => template(kinds, type);

/**
 * Builds the editor for one trigger node and its children.
 * @param {any} trigger the node (undefined: not set)
 * @param {string} path its data-path, e.g. "pipeline.trigger" (with any form prefix)
 * @param {(next: any) => void} onChange called with the new node (undefined to unset it)
 * @param {{optional?: boolean, kinds?: import('./vocabulary.js').Kind[]}} [opts] optional: the node may be
 *   absent (shows "(not set)"); kinds: the trigger types offered (Beam's by default, Flink's under Flink semantics)
 * @returns {HTMLElement}
 */
export function triggerEditor(trigger, path, onChange, { optional = false, kinds = vocabulary().triggers } = {}) {
  const node = trigger && typeof trigger === 'object' && !Array.isArray(trigger) ? trigger : undefined;
  const type = node ? String(node.type ?? '') : '';
  const options = /** @type {Array<string|[string,string]>} */ ([...(optional || !node ? [['', '(not set)']] : []), ...kinds.map((k) => k.type)]);
  const typeSelect = select(`${path}.type`, options, type, (t) => onChange(t === '' ? undefined : triggerTemplate(t, kinds)));
  typeSelect.classList.add('trigger-type');
  const box = el('div', { class: 'trigger error-host', 'data-path': path, 'data-trigger-type': type || 'unset' },
    el('div', { class: 'trigger-head error-host' }, typeSelect));
  if (!node) return box;

  const set = (/** @type {string} */ key, /** @type {any} */ value) => {
    const next = { ...node };
    if (value === undefined) delete next[key]; else next[key] = value;
    onChange(next);
  };
  const child = (/** @type {string} */ key, /** @type {string} */ label, /** @type {boolean} */ opt) => el('div', { class: 'trigger-child' },
    el('span', { class: 'trigger-slot' }, label),
    triggerEditor(node[key], `${path}.${key}`, (v) => set(key, v), { optional: opt, kinds }));

  const kind = kindOf(kinds, type);
  for (const key of kind?.fields ?? []) {
    const optionalField = !kind?.required.includes(key);
    switch (kind?.holds[key]) {
      case 'trigger':
        box.append(child(key, label(type, key), optionalField));
        break;
      case 'triggers': {
        const list = Array.isArray(node[key]) ? node[key] : [];
        const setList = (/** @type {any[]} */ l) => set(key, l);
        const items = list.map((t, i) => el('div', { class: 'trigger-child' },
          el('span', { class: 'trigger-slot' }, type === 'after_each' ? `step ${i + 1}` : `#${i + 1}`),
          triggerEditor(t, `${path}.${key}[${i}]`, (v) => setList(v === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? v : x)))),
          el('span', { class: 'trigger-tools' },
            el('button', { type: 'button', title: 'move up', disabled: i === 0, onclick: () => setList(swap(list, i, i - 1)) }, '↑'),
            el('button', { type: 'button', title: 'move down', disabled: i === list.length - 1, onclick: () => setList(swap(list, i, i + 1)) }, '↓'),
            el('button', { type: 'button', title: 'remove', class: 'remove', onclick: () => setList(list.filter((_, j) => j !== i)) }, '×'))));
        box.append(el('div', { class: 'trigger-list error-host', 'data-path': `${path}.${key}` }, items,
          el('button', { type: 'button', class: 'add', onclick: () => setList([...list, triggerTemplate('after_count')]) }, '+ add trigger')));
        break;
      }
      case 'object': {
        // An optional part of the node (after_processing_time's `align`), switched on by a box.
        const part = node[key] && typeof node[key] === 'object' ? node[key] : undefined;
        const names = kind?.parts[key] ?? [];
        const start = Object.fromEntries(names.map((n) => [n, n === 'offset' ? 0 : '1m']));
        const toggle = el('input', { type: 'checkbox', 'data-path': `${path}.${key}`, checked: !!part,
          onchange: () => set(key, part ? undefined : start) });
        box.append(field(`${label(type, key)} to period`, toggle));
        if (part) {
          for (const n of names) {
            box.append(field(n, textInput(`${path}.${key}.${n}`, part[n], (v) => set(key, { ...part, [n]: scenarioValue(v) }))));
          }
        }
        break;
      }
      default:
        box.append(field(label(type, key), textInput(`${path}.${key}`, node[key], (v) => set(key, scenarioValue(v)),
          kind?.holds[key] === 'integer' ? { inputmode: 'numeric' } : { placeholder: '1m' })));
    }
  }
  return box;
}

/** @param {any[]} list @param {number} i @param {number} j */
function swap(list, i, j) {
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

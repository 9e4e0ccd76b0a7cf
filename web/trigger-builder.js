/**
 * The trigger builder: an editor for the whole trigger tree, composites nested.
 * It edits the scenario's trigger object as written; meaning and validation are the engine's.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';

/** Trigger types of the scenario format, in menu order. */
export const TRIGGER_TYPES = [
  'default', 'never', 'after_watermark', 'after_processing_time', 'after_count',
  'repeatedly', 'after_each', 'after_any', 'after_all', 'or_finally',
];

/**
 * The object a node becomes when the user picks `type` (a starting point to edit, nothing more).
 * @param {string} type
 * @returns {any}
 */
export function triggerTemplate(type) {
  const count = (/** @type {number} */ n) => ({ type: 'after_count', count: n });
  switch (type) {
    case 'after_processing_time': return { type, delay: '1m' };
    case 'after_count': return count(1);
    case 'repeatedly': return { type, trigger: count(1) };
    case 'after_each': return { type, triggers: [count(1), count(2)] };
    case 'after_any':
    case 'after_all': return { type, triggers: [count(2), { type: 'after_processing_time', delay: '1m' }] };
    case 'or_finally': return { type, trigger: { type: 'repeatedly', trigger: count(1) }, until: { type: 'after_watermark' } };
    default: return { type };
  }
}

/**
 * Builds the editor for one trigger node and its children.
 * @param {any} trigger the node (undefined: not set)
 * @param {string} path its data-path, e.g. "pipeline.trigger" (with any form prefix)
 * @param {(next: any) => void} onChange called with the new node (undefined to unset it)
 * @param {{optional?: boolean}} [opts] optional: the node may be absent (shows "(not set)")
 * @returns {HTMLElement}
 */
export function triggerEditor(trigger, path, onChange, { optional = false } = {}) {
  const node = trigger && typeof trigger === 'object' && !Array.isArray(trigger) ? trigger : undefined;
  const type = node ? String(node.type ?? '') : '';
  const options = /** @type {Array<string|[string,string]>} */ ([...(optional || !node ? [['', '(not set)']] : []), ...TRIGGER_TYPES]);
  const typeSelect = select(`${path}.type`, options, type, (t) => onChange(t === '' ? undefined : triggerTemplate(t)));
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
    triggerEditor(node[key], `${path}.${key}`, (v) => set(key, v), { optional: opt }));

  switch (type) {
    case 'after_watermark':
      box.append(child('early', 'early firings', true), child('late', 'late firings', true));
      break;
    case 'after_processing_time': {
      box.append(field('delay', textInput(`${path}.delay`, node.delay, (v) => set('delay', scenarioValue(v)), { placeholder: '1m' })));
      const align = node.align && typeof node.align === 'object' ? node.align : undefined;
      const toggle = el('input', { type: 'checkbox', 'data-path': `${path}.align`, checked: !!align,
        onchange: () => set('align', align ? undefined : { period: '1m', offset: 0 }) });
      box.append(field('align to period', toggle));
      if (align) {
        const setAlign = (/** @type {string} */ k, /** @type {string} */ v) => set('align', { ...align, [k]: scenarioValue(v) });
        box.append(
          field('period', textInput(`${path}.align.period`, align.period, (v) => setAlign('period', v))),
          field('offset', textInput(`${path}.align.offset`, align.offset, (v) => setAlign('offset', v))));
      }
      break;
    }
    case 'after_count':
      box.append(field('count', textInput(`${path}.count`, node.count, (v) => set('count', scenarioValue(v)), { inputmode: 'numeric' })));
      break;
    case 'repeatedly':
      box.append(child('trigger', 'repeat', false));
      break;
    case 'or_finally':
      box.append(child('trigger', 'fire on', false), child('until', 'until', false));
      break;
    case 'after_each':
    case 'after_any':
    case 'after_all': {
      const list = Array.isArray(node.triggers) ? node.triggers : [];
      const setList = (/** @type {any[]} */ l) => set('triggers', l);
      const items = list.map((t, i) => el('div', { class: 'trigger-child' },
        el('span', { class: 'trigger-slot' }, type === 'after_each' ? `step ${i + 1}` : `#${i + 1}`),
        triggerEditor(t, `${path}.triggers[${i}]`, (v) => setList(v === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? v : x)))),
        el('span', { class: 'trigger-tools' },
          el('button', { type: 'button', title: 'move up', disabled: i === 0, onclick: () => setList(swap(list, i, i - 1)) }, '↑'),
          el('button', { type: 'button', title: 'move down', disabled: i === list.length - 1, onclick: () => setList(swap(list, i, i + 1)) }, '↓'),
          el('button', { type: 'button', title: 'remove', class: 'remove', onclick: () => setList(list.filter((_, j) => j !== i)) }, '×'))));
      box.append(el('div', { class: 'trigger-list error-host', 'data-path': `${path}.triggers` }, items,
        el('button', { type: 'button', class: 'add', onclick: () => setList([...list, triggerTemplate('after_count')]) }, '+ add trigger')));
      break;
    }
    default:
      break;
  }
  return box;
}

/** @param {any[]} list @param {number} i @param {number} j */
function swap(list, i, j) {
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

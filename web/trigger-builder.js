/**
 * The trigger builder: an editor for the whole trigger tree, composites nested.
 * It edits the scenario's trigger object as written; meaning and validation are the engine's.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';
import { vocabulary, kindOf, template } from './vocabulary.js';

/** How the page labels a child slot (the field names are the format's; see vocabulary.js). */
const LABELS = /** @type {Record<string, string>} */ ({ early: 'early firings', late: 'late firings', until: 'until', delay: 'delay', count: 'count' });

/**
 * The control to focus once the tree is drawn again (a move or an add rebuilds the form, and the
 * keyboard user stays on the node they moved): its data-path and what it does.
 * @type {{path: string, action: string}|null}
 */
let pendingFocus = null;

/** Focuses `node` after the rebuild when it is the pending focus. @param {HTMLElement} node @param {string} path @param {string} action */
function focusIfPending(node, path, action) {
  if (pendingFocus && pendingFocus.path === path && pendingFocus.action === action) {
    pendingFocus = null;
    queueMicrotask(() => { if (node.isConnected) node.focus(); });
  }
}

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
  typeSelect.setAttribute('aria-label', `trigger type (${path.replace(/^b:/, '')})`);
  focusIfPending(typeSelect, path, 'type');
  const depth = path.split(/\.(?:trigger|early|late|until)\b|\.triggers\[/).length;
  const box = el('div', { class: 'trigger error-host', 'data-path': path, 'data-trigger-type': type || 'unset', 'data-depth': depth,
    role: 'group', 'aria-label': `${type || 'unset'} trigger (${path.replace(/^b:/, '')})` },
    el('div', { class: 'trigger-head error-host' }, typeSelect));
  if (!node) return box;

  const set = (/** @type {string} */ key, /** @type {any} */ value) => {
    const next = { ...node };
    if (value === undefined) delete next[key]; else next[key] = value;
    onChange(next);
  };
  // A sub-trigger: its slot's name and tools on a line, the node below, indented by its border.
  const child = (/** @type {string} */ key, /** @type {string} */ label, /** @type {boolean} */ opt) => el('div', { class: 'trigger-child' },
    el('div', { class: 'trigger-child-head' }, el('span', { class: 'trigger-slot' }, label)),
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
        const listPath = `${path}.${key}`;
        const slot = (/** @type {number} */ i) => (type === 'after_each' ? `step ${i + 1}` : `#${i + 1}`);
        const move = (/** @type {number} */ i, /** @type {number} */ j, /** @type {string} */ action) => {
          // The moved node keeps the focus (on its other arrow once at an end, where this one is disabled).
          const end = action === 'up' ? j === 0 : j === list.length - 1;
          pendingFocus = { path: `${listPath}[${j}]`, action: end ? (action === 'up' ? 'down' : 'up') : action };
          setList(swap(list, i, j));
        };
        const tool = (/** @type {number} */ i, /** @type {string} */ action, /** @type {string} */ text, /** @type {string} */ title, /** @type {boolean} */ disabled, /** @type {() => void} */ onclick) => {
          const b = el('button', { type: 'button', class: `trigger-${action}${action === 'remove' ? ' remove' : ''}`, title, 'aria-label': `${title}: ${slot(i)}`, disabled, onclick }, text);
          focusIfPending(b, `${listPath}[${i}]`, action);
          return b;
        };
        const items = list.map((t, i) => el('div', { class: 'trigger-child' },
          el('div', { class: 'trigger-child-head' },
            el('span', { class: 'trigger-slot' }, slot(i)),
            el('span', { class: 'trigger-tools' },
              tool(i, 'up', '↑', 'move up', i === 0, () => move(i, i - 1, 'up')),
              tool(i, 'down', '↓', 'move down', i === list.length - 1, () => move(i, i + 1, 'down')),
              tool(i, 'remove', '×', 'remove', false, () => { pendingFocus = { path: listPath, action: 'add' }; setList(list.filter((_, j) => j !== i)); }))),
          triggerEditor(t, `${listPath}[${i}]`, (v) => setList(v === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? v : x))), { kinds })));
        const add = el('button', { type: 'button', class: 'add', onclick: () => { pendingFocus = { path: `${listPath}[${list.length}]`, action: 'type' }; setList([...list, triggerTemplate(kindOf(kinds, 'after_count') ? 'after_count' : 'count', kinds)]); } }, '+ add sub-trigger');
        focusIfPending(add, listPath, 'add');
        box.append(el('div', { class: 'trigger-list error-host', 'data-path': listPath }, items, add));
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

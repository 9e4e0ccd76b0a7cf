/** DOM building blocks. Text goes in through textContent only: nothing is ever parsed as HTML. */

/**
 * @typedef {{[name: string]: unknown}} Attrs
 * Attributes and properties: `class`, `dataset`-like `data-*`, `on*` listeners (functions),
 * anything else is set as an attribute (or as a property when it is one, e.g. `value`, `checked`).
 */

/**
 * @typedef {Node|string|number|null|undefined|false} Leaf
 * @typedef {Leaf|Leaf[]|Leaf[][]|Leaf[][][]} Child
 * A child to append: a node, text (a string or number), nothing, or lists of them (nested up to
 * three deep, as the page's views build them).
 */

/**
 * Creates an element. Children are nodes or strings (strings become text nodes).
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else if (name === 'class') {
      node.className = String(value);
    } else if (name in node && !name.startsWith('data-') && name !== 'list' && name !== 'form') {
      /** @type {any} */ (node)[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

/**
 * Appends children (strings as text).
 * @param {Node} node
 * @param {Child[]} children
 */
export function append(node, children) {
  for (const child of /** @type {Leaf[]} */ (children.flat(Infinity))) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces the children of `node`, keeping keyboard focus on the control with the same data-path.
 * @param {HTMLElement} node
 * @param {...Child} children
 */
export function replaceChildren(node, ...children) {
  const active = document.activeElement;
  const path = active instanceof HTMLElement && node.contains(active) ? active.dataset.path : undefined;
  const selection = active instanceof HTMLInputElement && active.type === 'text'
    ? [active.selectionStart, active.selectionEnd] : null;
  node.replaceChildren();
  append(node, children);
  if (path) {
    const again = node.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (again instanceof HTMLElement) {
      again.focus();
      if (selection && again instanceof HTMLInputElement) {
        try { again.setSelectionRange(selection[0], selection[1]); } catch { /* not a text input */ }
      }
    }
  }
}

/**
 * A <select>. `value` not among the options is added (so an unknown value stays visible).
 * @param {string} path data-path of the control
 * @param {Array<string|[string, string]>} options values, or [value, label]
 * @param {string} value
 * @param {(value: string) => void} onChange
 */
export function select(path, options, value, onChange) {
  const pairs = options.map((o) => (Array.isArray(o) ? o : [o, o]));
  if (!pairs.some(([v]) => v === value)) pairs.push([value, `${value} (unknown)`]);
  const node = /** @type {HTMLSelectElement} */ (el('select', { 'data-path': path, onchange: () => onChange(node.value) },
    pairs.map(([v, label]) => el('option', { value: v }, label))));
  node.value = value;
  return node;
}

/**
 * A text input that commits on change (blur or Enter).
 * @param {string} path
 * @param {unknown} value shown as text ('' for undefined)
 * @param {(text: string) => void} onChange
 * @param {Attrs} [attrs]
 */
export function textInput(path, value, onChange, attrs = {}) {
  const node = /** @type {HTMLInputElement} */ (el('input', {
    type: 'text', 'data-path': path, value: value === undefined || value === null ? '' : String(value),
    onchange: () => onChange(node.value), ...attrs,
  }));
  return node;
}

/**
 * A labelled form row. The error for `path` is shown inside it (see errors.js).
 * @param {string} label
 * @param {Node} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  return el('label', { class: 'field' }, el('span', { class: 'label' }, label), control,
    hint ? el('span', { class: 'hint' }, hint) : null);
}

/**
 * A scenario value typed in a text box: an integer stays a number (milliseconds, counts),
 * anything else is kept as the string the user wrote, for the scenario crate to judge.
 * @param {string} text
 * @returns {string|number|undefined} undefined for an empty box
 */
export function scenarioValue(text) {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/**
 * Triggers a download of `data`.
 * @param {string} name
 * @param {Blob} blob
 */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

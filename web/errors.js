/**
 * Showing the engine's errors next to the field they name. The engine's message is
 * "path: message" (e.g. `pipeline.trigger.early.delay: expected a duration like "1m", got "1 minute"`);
 * controls carry `data-path` with the same path (prefixed, e.g. "b:", for the compare pipeline).
 */

const PATH = /^([A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_][\w]*)*)(?: \(event \d+\))?: ([\s\S]*)$/;

/**
 * Splits an error message into its field path and message (path null when it names none).
 * @param {string} message
 * @returns {{path: string|null, message: string}}
 */
export function splitError(message) {
  const m = PATH.exec(message);
  return m ? { path: m[1], message: m[2] } : { path: null, message };
}

/**
 * The path and its ancestors, nearest first: a.b[2].c → a.b[2].c, a.b[2], a.b, a.
 * @param {string} path
 */
export function ancestors(path) {
  const out = [path];
  let p = path;
  for (;;) {
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
    out.push(p);
  }
  return out;
}

/**
 * Removes every shown error.
 * @param {ParentNode} root
 * @param {HTMLElement} banner
 */
export function clearErrors(root, banner) {
  for (const n of root.querySelectorAll('.field-error')) n.remove();
  for (const n of root.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
  for (const n of root.querySelectorAll('.has-error')) n.classList.remove('has-error');
  banner.hidden = true;
  banner.textContent = '';
}

/**
 * The control the path of `message` names, or its nearest ancestor's; null when none is on the page.
 * @param {ParentNode} root @param {string} message @param {string} [prefix]
 * @returns {HTMLElement|null}
 */
export function controlOf(root, message, prefix = '') {
  return controlAt(root, splitError(message).path, prefix);
}

/** The control for `path` or its nearest ancestor, or null. @param {ParentNode} root @param {string|null} path @param {string} prefix */
function controlAt(root, path, prefix) {
  for (const p of path === null ? [] : ancestors(path)) {
    const control = root.querySelector(`[data-path="${CSS.escape(prefix + p)}"]`);
    if (control instanceof HTMLElement) return control;
  }
  return null;
}

/**
 * Shows `message` next to the control its path names (or the nearest ancestor's), else in the banner.
 * @param {ParentNode} root
 * @param {HTMLElement} banner
 * @param {string} message the Error's message
 * @param {string} [prefix] data-path prefix of the form the error belongs to (e.g. "b:")
 * @param {boolean} [listed] the error is in the list of errors too (errorList): no banner for it
 * @returns {HTMLElement|null} where it was shown (null: only in the list)
 */
export function showError(root, banner, message, prefix = '', listed = false) {
  const { path } = splitError(message);
  const control = controlOf(root, message, prefix);
  if (path && control) {
    control.setAttribute('aria-invalid', 'true');
    const note = document.createElement('div');
    note.className = 'field-error';
    note.setAttribute('role', 'alert');
    note.dataset.errorFor = prefix + path;
    note.textContent = message;
    const host = control.closest('.field, td, .error-host') ?? control;
    if (host === control) control.after(note); else host.appendChild(note);
    // A control in a hidden tab: mark the tab, so the user sees where to look.
    const panel = control.closest('[role=tabpanel]');
    if (panel instanceof HTMLElement && panel.id && panel.hidden) {
      const tabs = [...root.querySelectorAll(`[aria-controls="${CSS.escape(panel.id)}"]`)];
      for (const tab of tabs) tab.classList.add('has-error');
      if (listed) return note;
      banner.hidden = false;
      banner.textContent = `${prefix ? 'Configuration B: ' : ''}${message}${tabs[0] ? ` (see the ${tabs[0].textContent} tab)` : ''}`;
    }
    return note;
  }
  if (listed) return null;
  banner.hidden = false;
  banner.textContent = prefix ? `Configuration B: ${message}` : message;
  return banner;
}

/**
 * The list of every error, each a button that goes to its field (`go` switches the tab, the
 * page of the events table, and focuses the control).
 * @param {Array<{text: string, prefix: string}>} list
 * @param {(path: string|null, prefix: string) => void} go
 * @returns {HTMLElement}
 */
export function errorList(list, go) {
  const nav = document.createElement('nav');
  nav.className = 'error-list';
  nav.setAttribute('aria-label', 'errors');
  const head = document.createElement('strong');
  head.textContent = list.length === 1 ? '1 error' : `${list.length} errors`;
  const items = document.createElement('ol');
  for (const { text, prefix } of list) {
    const { path } = splitError(text);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'goto';
    button.dataset.goto = prefix + (path ?? '');
    button.textContent = `${prefix ? 'Configuration B: ' : ''}${text}`;
    button.addEventListener('click', () => go(path, prefix));
    const li = document.createElement('li');
    li.append(button);
    items.append(li);
  }
  nav.append(head, items);
  return nav;
}

/**
 * Goes to the field `path` names: shows the page of the events table that holds the event, the
 * tab that holds the control, scrolls it into view and focuses it. A path with no control of
 * its own goes to its nearest ancestor's, else to the JSON tab.
 * @param {ParentNode} root
 * @param {string|null} path
 * @param {string} prefix
 * @param {{selectTab: (name: string) => void, showEvent: (i: number) => void}} page
 */
export function goToField(root, path, prefix, page) {
  const event = path === null ? null : /^events\[(\d+)\]/.exec(path);
  if (event) page.showEvent(Number(event[1]));
  const find = () => controlAt(root, path, prefix);
  let control = find();
  const panel = control?.closest('[role=tabpanel]');
  const tab = panel instanceof HTMLElement && panel.id ? root.querySelector(`[role=tab][aria-controls="${CSS.escape(panel.id)}"]`) : null;
  if (!control) page.selectTab('json');
  else if (tab instanceof HTMLElement && panel instanceof HTMLElement && panel.hidden) page.selectTab(tab.dataset.tab ?? 'events');
  control = find(); // the tab or the page may have been drawn again
  if (!control) return;
  const target = control.matches('input, select, textarea, button') ? control : control.querySelector('input, select, textarea, button');
  control.scrollIntoView({ block: 'center' });
  if (target instanceof HTMLElement) target.focus({ preventScroll: true });
}

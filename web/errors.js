/**
 * Showing the engine's errors next to the field they name. The engine's message is
 * "path: message" (e.g. `pipeline.trigger.early.delay: expected a duration like "1m", got "1 minute"`);
 * controls carry `data-path` with the same path (prefixed, e.g. "b:", for the compare pipeline).
 */

const PATH = /^([A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_][\w]*)*): ([\s\S]*)$/;

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
 * Shows `message` next to the control its path names (or the nearest ancestor's), else in the banner.
 * @param {ParentNode} root
 * @param {HTMLElement} banner
 * @param {string} message the Error's message
 * @param {string} [prefix] data-path prefix of the form the error belongs to (e.g. "b:")
 * @returns {HTMLElement} where it was shown
 */
export function showError(root, banner, message, prefix = '') {
  const { path } = splitError(message);
  if (path) {
    for (const p of ancestors(path)) {
      const control = root.querySelector(`[data-path="${CSS.escape(prefix + p)}"]`);
      if (control instanceof HTMLElement) {
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
          banner.hidden = false;
          banner.textContent = `${prefix ? 'Configuration B: ' : ''}${message}${tabs[0] ? ` (see the ${tabs[0].textContent} tab)` : ''}`;
        }
        return note;
      }
    }
  }
  banner.hidden = false;
  banner.textContent = prefix ? `Configuration B: ${message}` : message;
  return banner;
}

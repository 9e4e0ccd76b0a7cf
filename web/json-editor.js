/** The JSON editor tab: the scenario as text; Apply (or Ctrl+Enter) replaces the scenario. */
import { el } from './dom.js';

/**
 * Builds the editor.
 * @param {string} text the current scenario, pretty-printed
 * @param {(text: string) => void} apply called with the text exactly as written (the façade reads
 *   it, as the CLI reads a file); it throws the façade's error when the text is not a scenario's JSON
 * @returns {HTMLElement}
 */
export function jsonEditor(text, apply) {
  const area = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'json', spellcheck: false, 'aria-label': 'scenario JSON', value: text }));
  const error = el('div', { class: 'json-error', role: 'alert' });
  const submit = () => {
    error.textContent = '';
    try {
      apply(area.value);
      error.classList.remove('field-error');
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      error.classList.add('field-error');
    }
  };
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
  });
  return el('div', { class: 'json-editor' }, area, error,
    el('div', { class: 'toolbar' }, el('button', { type: 'button', class: 'apply', onclick: submit }, 'Apply'),
      el('span', { class: 'hint' }, 'Ctrl+Enter applies. Errors show next to the field they name.')));
}

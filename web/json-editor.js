/** The JSON editor tab: the scenario as text; Apply (or Ctrl+Enter) replaces the scenario. */
import { el } from './dom.js';

/**
 * Builds the editor.
 * @param {string} text the current scenario, pretty-printed
 * @param {(scenario: unknown) => void} apply called with the parsed JSON
 * @returns {HTMLElement}
 */
export function jsonEditor(text, apply) {
  const area = /** @type {HTMLTextAreaElement} */ (el('textarea', { class: 'json', spellcheck: false, 'aria-label': 'scenario JSON', value: text }));
  const error = el('div', { class: 'json-error', role: 'alert' });
  const submit = () => {
    error.textContent = '';
    let parsed;
    try {
      parsed = JSON.parse(area.value);
    } catch (e) {
      error.textContent = `invalid JSON: ${e instanceof Error ? e.message : e}`;
      error.classList.add('field-error');
      return;
    }
    error.classList.remove('field-error');
    apply(parsed);
  };
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
  });
  return el('div', { class: 'json-editor' }, area, error,
    el('div', { class: 'toolbar' }, el('button', { type: 'button', class: 'apply', onclick: submit }, 'Apply'),
      el('span', { class: 'hint' }, 'Ctrl+Enter applies. Errors show next to the field they name.')));
}

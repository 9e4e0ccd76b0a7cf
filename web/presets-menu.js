/**
 * The preset menu's options: the façade's presets (`Playground.presets`, grouped and ordered in
 * crates/wasm/src/presets.rs) as one <optgroup> per group, each option one line saying what it
 * shows, its title as the tooltip.
 */
import { el } from './dom.js';

/**
 * @param {Array<{id: string, title: string, group?: string, line?: string}>} presets
 * @returns {HTMLElement[]} the placeholder option, then the groups
 */
export function presetOptions(presets) {
  /** @type {Map<string, HTMLElement>} */ const groups = new Map();
  for (const p of presets) {
    const name = p.group ?? 'Presets';
    if (!groups.has(name)) groups.set(name, el('optgroup', { label: name }));
    groups.get(name)?.append(el('option', { value: p.id, title: p.title }, p.line || p.title || p.id));
  }
  return [el('option', { value: '' }, `Presets (${presets.length})…`), ...groups.values()];
}

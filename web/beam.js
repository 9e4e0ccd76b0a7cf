/** The "Beam code" view: pg.export_beam(text, 'python'|'java') with copy and download. */
import { el, download } from './dom.js';
import { plain } from './plain.js';

/**
 * Builds the view for the current scenario text.
 * @param {any} pg
 * @param {string} text
 * @param {{lang: 'python'|'java', setLang: (lang: 'python'|'java') => void}} ctx
 * @returns {HTMLElement}
 */
export function beamView(pg, text, ctx) {
  if (typeof pg.export_beam !== 'function') {
    return el('div', { class: 'beam' }, el('p', { class: 'unavailable' }, 'Beam export is not available in this build.'));
  }
  /** @type {{code: string, warnings: string[]}|null} */ let result = null;
  /** @type {string|null} */ let error = null;
  try {
    result = plain(pg.export_beam(text, ctx.lang));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const code = result?.code ?? '';
  const status = el('span', { class: 'hint', 'aria-live': 'polite' });
  const langSelect = /** @type {HTMLSelectElement} */ (el('select', { 'aria-label': 'language', onchange: () => ctx.setLang(/** @type {any} */ (langSelect.value)) },
    el('option', { value: 'python' }, 'Python'), el('option', { value: 'java' }, 'Java')));
  langSelect.value = ctx.lang;
  return el('div', { class: 'beam' },
    el('div', { class: 'toolbar' }, langSelect,
      el('button', { type: 'button', disabled: !code, onclick: async () => {
        try { await navigator.clipboard.writeText(code); status.textContent = 'copied'; } catch { status.textContent = 'copy failed: select the code and copy it'; }
      } }, 'Copy'),
      el('button', { type: 'button', disabled: !code, onclick: () => download(ctx.lang === 'java' ? 'WindowpanePipeline.java' : 'windowpane_pipeline.py',
        new Blob([code], { type: 'text/plain' })) }, 'Download'),
      status),
    error ? el('p', { class: 'field-error', role: 'alert' }, error) : null,
    (result?.warnings ?? []).length ? el('ul', { class: 'warnings' }, (result?.warnings ?? []).map((w) => el('li', {}, w))) : null,
    el('pre', { class: 'code' }, el('code', {}, code)));
}

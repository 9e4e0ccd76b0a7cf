/**
 * What the sink holds: the table a downstream system keeps after receiving the panes emitted up
 * to the current processing time, for an append-only sink, an upsert sink keyed by (key, window)
 * and a retraction-aware sink, with the windows it counts twice or misses flagged; and the final
 * table. The tables and flags are the sink crate's (`Session.sink`); this file only shows them.
 */
import { el } from './dom.js';
import { formatTime, formatWindow } from './time.js';
import { formatValue } from './panes.js';

/** @typedef {'append'|'upsert'|'retracting'} SinkKind */

const KINDS = /** @type {Array<[SinkKind, string, string]>} */ ([
  ['append', 'Append-only', 'every pane is a new row'],
  ['upsert', 'Upsert by (key, window)', 'the latest pane replaces the row; a retraction deletes it'],
  ['retracting', 'Retraction-aware', 'every pane is a row; a retraction removes the row it withdraws'],
]);

/** One table and its flags. @param {any} t @param {string} title */
function tableOf(t, title) {
  const rows = t.rows.length === 0 ? el('p', { class: 'hint' }, 'no rows yet') : el('div', { class: 'table-scroll' }, el('table', { class: 'sink-table' },
    el('thead', {}, el('tr', {}, ['key', 'window', 'value', 'timing', 'index', 'emitted at'].map((h) => el('th', {}, h)))),
    el('tbody', {}, t.rows.map((/** @type {any} */ r) => el('tr', { class: `timing-${String(r.timing).toLowerCase()}${r.retraction ? ' retraction' : ''}` },
      el('td', {}, r.key), el('td', {}, formatWindow(r.window)), el('td', { class: 'value' }, `${r.retraction ? 'retraction ' : ''}${formatValue(r.value)}`),
      el('td', {}, r.timing), el('td', {}, String(r.index)), el('td', {}, formatTime(r.emitted_at)))))));
  const flags = t.flags.length === 0 ? el('p', { class: 'sink-ok' }, 'Every window\'s rows give its value.')
    : el('ul', { class: 'sink-flags' }, t.flags.map((/** @type {any} */ f) => el('li', { class: 'sink-flag', 'data-problem': f.problem }, f.text)));
  return el('div', { class: 'sink-part' }, el('h4', {}, title), rows, more(t.rows.length, t.row_count, 'rows'), flags, more(t.flags.length, t.flag_count, 'flags'));
}

/** The count of what a table holds beyond what is listed. @param {number} shown @param {number} all @param {string} what */
function more(shown, all, what) {
  return all > shown ? el('p', { class: 'hint sink-more' }, `The first ${shown.toLocaleString('en')} of ${all.toLocaleString('en')} ${what}.`) : null;
}

/**
 * Builds the view of one configuration's sink.
 * @param {{now: any[], final: any[]}} tables `Session.sink(at)` and `Session.sink(null)`: [append, upsert, retracting]
 * @param {{kind: SinkKind, at: number|null, label: string, setKind: (k: SinkKind) => void}} ctx
 * @returns {HTMLElement}
 */
export function sinkView(tables, ctx) {
  const i = Math.max(0, KINDS.findIndex(([k]) => k === ctx.kind));
  const [, name, rule] = KINDS[i];
  const doubled = tables.final[i].double_counted;
  return el('section', { class: 'sink', 'data-kind': ctx.kind },
    el('h3', {}, `${ctx.label ? `${ctx.label}: ` : ''}What the sink holds`, el('span', { class: 'hint' }, ` · ${name}: ${rule}`)),
    el('div', { class: 'segmented', role: 'group', 'aria-label': `${ctx.label || 'sink'} kind` },
      KINDS.map(([k, label]) => el('button', { type: 'button', 'data-sink': k, 'aria-pressed': String(k === ctx.kind), onclick: () => ctx.setKind(k) }, label))),
    doubled ? el('p', { class: 'sink-warning', role: 'status' }, 'This sink counts some windows more than once: the downstream table disagrees with the windows\' values.') : null,
    ctx.at === null ? null : tableOf(tables.now[i], `At ${formatTime(ctx.at)}`),
    tableOf(tables.final[i], 'Final table (after every pane)'));
}

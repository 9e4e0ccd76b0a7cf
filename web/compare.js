/**
 * The comparison of configurations A and B over the same events, as the façade computed it
 * (`Session.compare`: the panes matched by key, window, timing and order in Rust, the compare crate):
 * how many panes are the same, then each pane in one configuration only, each value or emission time
 * that differs, and each element dropped by one only, with the engine's reasons. The charts
 * carry the same marks (drawn by the render crate).
 */
import { el } from './dom.js';
import { formatTime, formatWindow } from './time.js';
import { formatValue } from './panes.js';

/** One side of a difference, as a cell. @param {any} pane @param {string} label */
function cell(pane, label) {
  if (!pane) return el('td', { class: 'missing', 'data-label': label }, '—');
  return el('td', { class: `timing-${String(pane.timing).toLowerCase()}`, 'data-label': label },
    `${pane.retraction ? 'retraction ' : ''}${formatValue(pane.value)} ${pane.timing} at ${formatTime(pane.emitted_at)}`);
}

/** What differs, in words. @param {any} d */
function what(d) {
  if (d.a === null) return 'only in B';
  if (d.b === null) return 'only in A';
  return [d.value ? 'value' : null, d.emitted_at ? 'emission time' : null].filter(Boolean).join(', ');
}

/**
 * Builds the view.
 * @param {any} c the comparison (`Session.compare`)
 * @param {{semantics: [string, string], ignored?: string[], select?: (a: number|null, b: number|null) => void}} ctx the
 *   configurations' semantics, for the heading; the watermark fields of a Flink A that a Beam B does not read; what
 *   a click on a difference selects (its panes, on both charts)
 * @returns {HTMLElement}
 */
export function compareView(c, ctx) {
  const names = ctx.semantics.map((s) => (s === 'flink' ? 'Flink' : 'Beam'));
  const count = c.panes.length + c.dropped.length;
  const heading = el('h3', {}, count === 0 ? 'A and B give the same panes' : `A (${names[0]}) and B (${names[1]}): ${c.panes.length} pane difference${c.panes.length === 1 ? '' : 's'}`,
    el('span', { class: 'hint' }, ` · ${c.same} pane${c.same === 1 ? '' : 's'} the same · ${c.dropped.length} element${c.dropped.length === 1 ? '' : 's'} dropped by one only`));
  const reasons = (/** @type {any[]} */ list) => list.length === 0 ? el('td', { class: 'hint', 'data-label': 'why' }, 'no reason known')
    : el('td', { 'data-label': 'why' }, el('ul', { class: 'reasons' }, list.map((r) => el('li', { 'data-reason': r.reason }, r.text))));
  const panes = c.panes.length === 0 ? null : el('div', { class: 'table-scroll' }, el('table', { class: 'compare-table' },
    el('thead', {}, el('tr', {}, ['key', 'window', 'A', 'B', 'differs', 'why'].map((h) => el('th', {}, h)))),
    el('tbody', {}, c.panes.map((/** @type {any} */ d) => el('tr', { 'data-a': d.a ?? '', 'data-b': d.b ?? '', class: d.a === null || d.b === null ? 'only' : 'differs', onclick: () => ctx.select?.(d.a, d.b) },
      el('td', { 'data-label': 'key' }, d.key), el('td', { 'data-label': 'window' }, formatWindow(d.window)), cell(d.pane_a, 'A'), cell(d.pane_b, 'B'),
      el('td', { class: 'what', 'data-label': 'differs' }, what(d)), reasons(d.reasons))))));
  const dropped = c.dropped.length === 0 ? null : el('div', { class: 'table-scroll' }, el('table', { class: 'compare-dropped' },
    el('thead', {}, el('tr', {}, ['event', 'window', 'dropped by', 'why'].map((h) => el('th', {}, h)))),
    el('tbody', {}, c.dropped.map((/** @type {any} */ d) => el('tr', { 'data-event': d.event },
      el('td', { class: 'num', 'data-label': 'event' }, String(d.event + 1)), el('td', { 'data-label': 'window' }, formatWindow(d.window)),
      el('td', { 'data-label': 'dropped by' }, `${d.dropped_by.toUpperCase()} (${d.drop_reason})`), reasons(d.reasons))))));
  const ignored = ctx.ignored?.length ? el('p', { class: 'hint ignored-fields' },
    `B runs Beam over A's watermark without ${ctx.ignored.map((f) => `"${f}"`).join(', ')}: only Flink's watermark has ${ctx.ignored.length === 1 ? 'it' : 'them'}.`) : null;
  return el('section', { class: 'comparison', id: 'comparison' }, heading, ignored,
    count === 0 ? null : el('p', { class: 'hint' }, 'Marked on both charts: a thick outline where a pane differs, "only here" for a pane the other configuration has not, an empty outline where the other configuration emitted a pane.'),
    panes, dropped);
}

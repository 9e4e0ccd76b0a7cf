/**
 * The output view: every pane with all its PaneInfo fields, the dropped elements, and the
 * engine's plain-language reason for the selected pane. Shows what run() gave, nothing more.
 */
import { el } from './dom.js';
import { formatTime, formatWindow } from './time.js';
import { format_value } from './pkg/windowpane_wasm.js';

/** @typedef {{key: string, window: {start: number|null, end: number|null}, value: unknown, timing: string,
 *   index: number, on_time_index: number|null, is_first: boolean, is_last: boolean, timestamp: number|null,
 *   emitted_at: number, retraction: boolean, cause?: string}} PaneRecord */

const PANE_ROWS_LIMIT = 2000;
/** From this many panes on, the table builds only the rows in view (plus a margin) as it scrolls. */
export const VIRTUAL_ROWS = 200;
/** Height of a row of a virtual table, in CSS pixels (style.css fixes it). */
const ROW_PX = 24;
/** Rows built around the visible ones. */
const MARGIN_ROWS = 8;

/**
 * Formats a pane value (number, list or null) for people, as the chart writes it (the façade's
 * `format_value`: two decimals at most, `∅` for none); the records keep the exact value.
 * @param {unknown} v
 */
export function formatValue(v) {
  return format_value(v ?? null);
}

/**
 * Builds the output view.
 * @param {any} output the page's run (runner.js): first rows, counts; further rows and reasons from its session
 * @param {{selected: number|null, at: number|null, select: (i: number|null) => void, label?: string}} ctx
 * @returns {HTMLElement}
 */
export function outputView(output, ctx) {
  const count = /** @type {number} */ (output.paneCount);
  /** Rows the page has, or null (then `then` runs once they are read from the session). */
  const panesIn = (/** @type {number} */ from, /** @type {number} */ to, /** @type {() => void} */ then) =>
    /** @type {PaneRecord[]|null} */ (output.panesIn(from, to, then));
  const head = ['#', 'key', 'window', 'value', 'timing', 'index', 'on-time index', 'first', 'last', 'timestamp', 'emitted at', 'retraction', 'cause'];
  const row = (/** @type {PaneRecord} */ p, /** @type {number} */ i) => el('tr', {
      'data-pane': i, tabindex: 0,
      class: [`timing-${String(p.timing).toLowerCase()}`, i === ctx.selected ? 'selected' : '',
        ctx.at !== null && p.emitted_at > ctx.at ? 'future' : '', p.retraction ? 'retraction' : ''].join(' ').trim(),
      onclick: () => ctx.select(i === ctx.selected ? null : i),
      onkeydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); ctx.select(i); } },
    },
    el('td', { class: 'num' }, String(i + 1)), el('td', {}, p.key), el('td', {}, formatWindow(p.window)),
    el('td', { class: 'value', title: JSON.stringify(p.value) }, formatValue(p.value)), el('td', { class: 'timing' }, p.timing),
    el('td', {}, String(p.index)), el('td', {}, p.on_time_index === null ? '—' : String(p.on_time_index)),
    el('td', {}, yes(p.is_first)), el('td', {}, yes(p.is_last)),
    el('td', {}, formatTime(p.timestamp)), el('td', {}, formatTime(p.emitted_at)),
    el('td', {}, yes(p.retraction)), el('td', {}, p.cause ?? ''));
  const virtual = count >= VIRTUAL_ROWS;
  const body = el('tbody', {}, virtual ? [] : (panesIn(0, count, () => {}) ?? []).map(row));
  const table = el('table', { class: `panes-table${virtual ? ' virtual' : ''}` },
    el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))), body);
  const scroll = el('div', { class: 'table-scroll' }, table);
  if (virtual) {
    // Only the rows in view exist; two spacer rows keep the scroll height of all of them.
    let first = -1;
    const spacer = (/** @type {number} */ rows) => el('tr', { class: 'spacer', 'aria-hidden': 'true', style: `height: ${rows * ROW_PX}px` });
    const fill = () => {
      const visible = Math.ceil((scroll.clientHeight || 420) / ROW_PX);
      const from = Math.max(0, Math.floor(scroll.scrollTop / ROW_PX) - MARGIN_ROWS);
      if (from === first) return;
      const to = Math.min(count, from + visible + 2 * MARGIN_ROWS);
      const rows = panesIn(from, to, () => { first = -1; fill(); });
      if (rows === null) return; // asked for: fill runs again once they are here
      first = from;
      body.replaceChildren(spacer(from), ...rows.map((p, j) => row(p, from + j)), spacer(count - to));
    };
    scroll.addEventListener('scroll', fill, { passive: true });
    fill();
  }

  const sel = ctx.selected !== null && ctx.selected < count ? ctx.selected : null;
  const reason = el('div', { class: 'reason', 'aria-live': 'polite' }, el('p', { class: 'hint' }, 'Select a pane to see why it fired.'));
  /** Shows the selected pane's reason, read from the session. */
  const explain = () => {
    if (sel === null) return;
    const selPane = panesIn(sel, sel + 1, explain)?.[0];
    if (!selPane) return;
    const text = el('span', { class: 'reason-text' }, '…');
    reason.replaceChildren(el('strong', {}, `Pane ${sel + 1} (${selPane.key}, ${formatWindow(selPane.window)}): `), text);
    output.reason(sel).then((/** @type {string} */ r) => { text.textContent = r; }, () => {});
  };
  explain();

  const droppedCount = /** @type {number} */ (output.droppedCount);
  const dropped = /** @type {any[]} */ (output.droppedFirst).slice(0, PANE_ROWS_LIMIT);
  const droppedView = el('details', { class: 'dropped', open: droppedCount > 0 && droppedCount <= 50 },
    el('summary', {}, `Dropped elements: ${droppedCount}${droppedCount > dropped.length ? ` (the first ${dropped.length} listed)` : ''}`),
    droppedCount === 0 ? null : el('table', { class: 'dropped-table' },
      el('thead', {}, el('tr', {}, ['event', 'key', 'value', 'event time', 'arrival', 'window', 'watermark then', 'reason'].map((h) => el('th', {}, h)))),
      el('tbody', {}, dropped.map((d) => el('tr', { 'data-dropped': d.event },
        el('td', { class: 'num' }, String(d.event + 1)), el('td', {}, d.key), el('td', {}, formatValue(d.value)),
        el('td', {}, formatTime(d.event_time)), el('td', {}, formatTime(d.arrival)), el('td', {}, formatWindow(d.window)),
        el('td', {}, formatTime(d.watermark)), el('td', {}, d.reason))))));

  const late = /** @type {number} */ (output.lateCount);
  return el('section', { class: 'output' },
    el('h3', {}, `${ctx.label ? `${ctx.label}: ` : ''}${count} pane${count === 1 ? '' : 's'}`,
      el('span', { class: 'hint' }, ` · ${late} late arrival${late === 1 ? '' : 's'} · ${droppedCount} dropped`)),
    reason,
    scroll,
    droppedView);
}

/** @param {boolean} b */
function yes(b) { return b ? 'yes' : 'no'; }

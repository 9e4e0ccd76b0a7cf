/**
 * The events table: key, value, event time, arrival; add, edit, delete rows. Values are kept as
 * written (times as strings or milliseconds) for the scenario crate to read. Large inputs are paged.
 */
import { el, textInput, scenarioValue } from './dom.js';
import { formatTime } from './time.js';

export const PAGE_SIZE = 100;

/**
 * @typedef {{key: string, value: number, event_time: number, arrival: number}} ResolvedEvent
 * @typedef {{length: number, at: (i: number) => ResolvedEvent|null, all: () => ResolvedEvent[]}} Resolved
 *   the engine's events, read one at a time (a large run's are typed columns, not objects)
 * @typedef {{page: number, selected: number|null, late: {has: (i: number) => boolean}, dropped: {has: (i: number) => boolean},
 *   resolved: Resolved|null,
 *   edit: (change: (scenario: any) => void) => void, select: (i: number|null) => void,
 *   setPage: (page: number) => void}} TableContext
 */

/**
 * What the status column says of event `i`: 'dropped', 'late' or ''.
 * @param {number} i @param {{late: {has: (i: number) => boolean}, dropped: {has: (i: number) => boolean}}} marks
 */
export function statusOf(i, { late, dropped }) {
  return dropped.has(i) ? 'dropped' : late.has(i) ? 'late' : '';
}

/**
 * Builds the table for `scenario.events`.
 * @param {any} scenario
 * @param {TableContext} ctx
 * @returns {HTMLElement}
 */
export function eventsTable(scenario, ctx) {
  if (!Array.isArray(scenario.events)) {
    const resolved = ctx.resolved ?? { length: 0, at: () => null, all: () => [] };
    return el('div', { class: 'events error-host', 'data-path': 'events' },
      el('p', { class: 'hint' }, typeof scenario.events?.held === 'number'
        ? `The scenario lists ${resolved.length.toLocaleString()} events, read by the engine in the page's worker; they are shown read-only.`
        : `The scenario generates its events (${resolved.length} resolved by the engine); they are shown read-only.`),
      el('button', { type: 'button', onclick: () => ctx.edit((s) => {
        s.events = resolved.all().map((e) => ({ key: e.key, value: e.value, event_time: e.event_time, arrival: e.arrival }));
        delete s.generate;
      }) }, 'Turn into editable events'),
      readOnlyTable(resolved, ctx));
  }
  const events = scenario.events;
  const pages = Math.max(1, Math.ceil(events.length / PAGE_SIZE));
  const page = Math.min(ctx.page, pages - 1);
  const from = page * PAGE_SIZE;
  const setCell = (/** @type {number} */ i, /** @type {string} */ k, /** @type {string} */ text) => ctx.edit((s) => {
    const v = k === 'key' ? text : scenarioValue(text);
    s.events[i] = { ...s.events[i] };
    if (v === undefined) delete s.events[i][k]; else s.events[i][k] = v;
  });
  const rows = events.slice(from, from + PAGE_SIZE).map((/** @type {any} */ e, /** @type {number} */ j) => {
    const i = from + j;
    const r = ctx.resolved?.at(i);
    const status = statusOf(i, ctx);
    const cell = (/** @type {string} */ k) => el('td', {}, textInput(`events[${i}].${k}`, e?.[k], (v) => setCell(i, k, v),
      { 'aria-label': `event ${i + 1} ${k}` }));
    return el('tr', { 'data-event': i, class: [i === ctx.selected ? 'selected' : '', status].join(' ').trim(),
      onfocusin: () => { if (ctx.selected !== i) ctx.select(i); } },
    el('td', { class: 'num', title: r ? `${formatTime(r.event_time)} → ${formatTime(r.arrival)}` : '' }, String(i + 1)),
    cell('key'), cell('value'), cell('event_time'), cell('arrival'),
    el('td', { class: 'status' }, status),
    el('td', {}, el('button', { type: 'button', class: 'remove', title: `delete event ${i + 1}`,
      onclick: () => ctx.edit((s) => { s.events.splice(i, 1); }) }, '×')));
  });
  const add = () => ctx.edit((s) => {
    const last = s.events[s.events.length - 1];
    s.events.push(last ? { ...last } : { key: 'A', value: 1, event_time: '12:00:00', arrival: '12:00:30' });
    ctx.setPage(Math.floor((s.events.length - 1) / PAGE_SIZE));
  });
  return el('div', { class: 'events error-host', 'data-path': 'events' },
    el('table', { class: 'events-table' },
      el('thead', {}, el('tr', {}, ['#', 'key', 'value', 'event time', 'arrival', '', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows)),
    el('div', { class: 'table-tools' },
      el('button', { type: 'button', class: 'add', onclick: add }, '+ add event'),
      pages > 1 ? pager(page, pages, events.length, ctx.setPage) : null));
}

/** @param {Resolved} resolved @param {TableContext} ctx */
function readOnlyTable(resolved, ctx) {
  const pages = Math.max(1, Math.ceil(resolved.length / PAGE_SIZE));
  const page = Math.min(ctx.page, pages - 1);
  const from = page * PAGE_SIZE;
  return el('div', {},
    el('table', { class: 'events-table' },
      el('thead', {}, el('tr', {}, ['#', 'key', 'value', 'event time', 'arrival'].map((h) => el('th', {}, h)))),
      el('tbody', {}, Array.from({ length: Math.max(0, Math.min(PAGE_SIZE, resolved.length - from)) }, (_, j) => /** @type {ResolvedEvent} */ (resolved.at(from + j))).map((e, j) => el('tr', { 'data-event': from + j },
        el('td', { class: 'num' }, String(from + j + 1)), el('td', {}, e.key), el('td', {}, String(e.value)),
        el('td', {}, formatTime(e.event_time)), el('td', {}, formatTime(e.arrival)))))),
    pages > 1 ? pager(page, pages, resolved.length, ctx.setPage) : null);
}

/** @param {number} page @param {number} pages @param {number} total @param {(p: number) => void} setPage */
function pager(page, pages, total, setPage) {
  return el('span', { class: 'pager' },
    el('button', { type: 'button', disabled: page === 0, onclick: () => setPage(page - 1) }, '‹'),
    ` page ${page + 1} of ${pages} (${total} events) `,
    el('button', { type: 'button', disabled: page >= pages - 1, onclick: () => setPage(page + 1) }, '›'));
}

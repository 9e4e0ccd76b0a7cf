/**
 * The events table: key, value, event time, arrival (or, when a transport computes arrivals, the
 * time sent and the shard or message group the event went through); add, edit, delete rows.
 * Values are kept as written (times as strings or milliseconds) for the scenario crate to read.
 * Large inputs are paged.
 */
import { el, textInput, scenarioValue } from './dom.js';
import { formatTime } from './time.js';
import { needsTransport, lanesByEvent, listResolved, arrivalsToSent } from './transport-data.js';

export const PAGE_SIZE = 100;

/**
 * @typedef {{key: string, value: number, event_time: number, arrival: number}} ResolvedEvent
 * @typedef {{length: number, at: (i: number) => ResolvedEvent|null, all: () => ResolvedEvent[]}} Resolved
 *   the engine's events, read one at a time (a large run's are typed columns, not objects)
 * @typedef {{page: number, selected: number|null, late: {has: (i: number) => boolean}, dropped: {has: (i: number) => boolean},
 *   resolved: Resolved|null, journeys?: import('./transport-data.js').TransportEvents|null,
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
    const journeys = ctx.journeys ?? null;
    return el('div', { class: 'events error-host', 'data-path': 'events' },
      el('p', { class: 'hint' }, typeof scenario.events?.held === 'number'
        ? `The scenario lists ${resolved.length.toLocaleString()} events, read by the engine in the page's worker; they are shown read-only.`
        : `The scenario generates its events (${resolved.length} resolved by the engine); they are shown read-only.`),
      el('button', { type: 'button', class: 'to-editable', onclick: () => ctx.edit((s) => listResolved(s, resolved.all(), journeys)) },
        'Turn into editable events'),
      readOnlyTable(resolved, ctx, journeys));
  }
  const events = scenario.events;
  const transport = needsTransport(scenario);
  const laneOf = lanesByEvent(ctx.journeys ?? null, false);
  const laneKind = ctx.journeys?.lane_kind ?? '';
  const hasArrival = events.some((/** @type {any} */ e) => e?.arrival !== undefined);
  const hasSent = events.some((/** @type {any} */ e) => e?.sent !== undefined);
  /** The time columns: sent when a transport computes arrivals (or events give it), arrival otherwise (or when given). */
  const times = [...(transport || hasSent ? ['sent'] : []), ...(!transport || hasArrival ? ['arrival'] : [])];
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
    cell('key'), cell('value'), cell('event_time'), times.map(cell),
    laneKind ? el('td', { class: 'lane', 'data-field': 'lane' }, laneOf.get(i) ?? '') : null,
    el('td', { class: 'status' }, status),
    el('td', {}, el('button', { type: 'button', class: 'remove', title: `delete event ${i + 1}`,
      onclick: () => ctx.edit((s) => { s.events.splice(i, 1); }) }, '×')));
  });
  const add = () => ctx.edit((s) => {
    const last = s.events[s.events.length - 1];
    s.events.push(last ? { ...last } : needsTransport(s) ? { key: 'A', value: 1, event_time: '12:00:00', sent: '12:00:00' }
      : { key: 'A', value: 1, event_time: '12:00:00', arrival: '12:00:30' });
    ctx.setPage(Math.floor((s.events.length - 1) / PAGE_SIZE));
  });
  return el('div', { class: 'events error-host', 'data-path': 'events' },
    transport && hasArrival ? el('p', { class: 'hint convert' },
      'The transport computes arrivals from the times events are sent. ',
      el('button', { type: 'button', class: 'arrivals-to-sent', onclick: () => ctx.edit((s) => { arrivalsToSent(s); }) }, 'Use the arrival times as sent times')) : null,
    el('table', { class: 'events-table' },
      el('thead', {}, el('tr', {}, ['#', 'key', 'value', 'event time', ...times.map((t) => (t === 'sent' ? 'sent' : 'arrival')),
        ...(laneKind ? [laneKind] : []), '', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows)),
    el('div', { class: 'table-tools' },
      el('button', { type: 'button', class: 'add', onclick: add }, '+ add event'),
      pages > 1 ? pager(page, pages, events.length, ctx.setPage) : null));
}

/** @param {Resolved} resolved @param {TableContext} ctx @param {import('./transport-data.js').TransportEvents|null} journeys */
function readOnlyTable(resolved, ctx, journeys) {
  const laneOf = lanesByEvent(journeys, true);
  const laneKind = journeys?.lane_kind ?? '';
  const pages = Math.max(1, Math.ceil(resolved.length / PAGE_SIZE));
  const page = Math.min(ctx.page, pages - 1);
  const from = page * PAGE_SIZE;
  return el('div', {},
    el('table', { class: 'events-table' },
      el('thead', {}, el('tr', {}, ['#', 'key', 'value', 'event time', 'arrival', ...(laneKind ? [laneKind] : [])].map((h) => el('th', {}, h)))),
      el('tbody', {}, Array.from({ length: Math.max(0, Math.min(PAGE_SIZE, resolved.length - from)) }, (_, j) => /** @type {ResolvedEvent} */ (resolved.at(from + j))).map((e, j) => el('tr', { 'data-event': from + j },
        el('td', { class: 'num' }, String(from + j + 1)), el('td', {}, e.key), el('td', {}, String(e.value)),
        el('td', {}, formatTime(e.event_time)), el('td', {}, formatTime(e.arrival)),
        laneKind ? el('td', { class: 'lane', 'data-field': 'lane' }, laneOf.get(from + j) ?? '') : null)))),
    pages > 1 ? pager(page, pages, resolved.length, ctx.setPage) : null);
}

/** @param {number} page @param {number} pages @param {number} total @param {(p: number) => void} setPage */
function pager(page, pages, total, setPage) {
  return el('span', { class: 'pager' },
    el('button', { type: 'button', disabled: page === 0, onclick: () => setPage(page - 1) }, '‹'),
    ` page ${page + 1} of ${pages} (${total} events) `,
    el('button', { type: 'button', disabled: page >= pages - 1, onclick: () => setPage(page + 1) }, '›'));
}

/**
 * The transport's lanes under the main chart: one strip per shard, message group or queue
 * (pg.draw_lanes), and the transport's statistics (pg.ingest_report) as tables. Shown only when
 * the façade reports a transport (the scenario has an `ingest` section). Every number shown is
 * the façade's, and so is which device (key) went through which lane (pg.transport_events).
 */
import { el, replaceChildren } from './dom.js';
import { plain } from './plain.js';
import { journeysOf, JOURNEYS_LIMIT } from './transport-data.js';

/** The per-lane columns: [field of the report's lanes[], heading]. */
const LANE_COLUMNS = /** @type {Array<[string, string]>} */ ([
  ['entered', 'entered'], ['delivered', 'delivered'], ['throttled', 'throttled'], ['duplicates', 'duplicates'],
  ['late', 'late'], ['max_backlog', 'max backlog'], ['latency_mean', 'mean latency'], ['latency_max', 'max latency'],
]);

/**
 * Creates the lanes view inside `host`.
 * @param {HTMLElement} host
 * @param {any} pg the Playground
 */
export function createLanes(host, pg) {
  const available = typeof pg.ingest_report === 'function' && typeof pg.draw_lanes === 'function';
  const canvas = /** @type {HTMLCanvasElement} */ (el('canvas', { id: 'lanes', width: 800, height: 120,
    'aria-label': 'transport lanes: backlog and deliveries per shard or group over processing time' }));
  const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const stats = el('div', { class: 'ingest-stats' });
  const root = el('figure', { class: 'lanes', id: 'lanes-view', hidden: true }, canvas, error, stats);
  host.replaceChildren(root);
  /** @type {string|null} */ let text = null;
  /** @type {any} */ let report = null;

  /** @param {unknown} e */
  const fail = (e) => {
    error.hidden = false;
    error.textContent = e instanceof Error ? e.message : String(e);
  };

  return {
    /**
     * Shows the transport of scenario `next` (a valid scenario text), or hides the view.
     * @param {string|null} next
     */
    update(next) {
      if (next === text) return;
      text = next;
      report = null;
      error.hidden = true;
      if (available && text !== null) {
        try { report = plain(pg.ingest_report(text)); } catch (e) { fail(e); }
      }
      root.hidden = report === null && error.hidden;
      replaceChildren(stats, report ? statistics(report, devicesByLane(report.delivered <= JOURNEYS_LIMIT ? journeysOf(pg, text) : null)) : null);
    },
    /**
     * Draws the lanes at the timeline's cursor, as wide as the main chart.
     * @param {number|null} at
     * @param {number} width
     */
    draw(at, width) {
      if (!report || text === null) return;
      try { pg.draw_lanes(canvas, text, { at, width }); } catch (e) { fail(e); }
    },
    /** The report shown (null: none). */
    report: () => report,
  };
}

/** How many keys a lane's row names before "+ N more". */
const KEYS_SHOWN = 12;

/**
 * The keys that went through each lane, by lane name.
 * @param {import('./transport-data.js').TransportEvents|null} j
 * @returns {Map<string, string[]>}
 */
function devicesByLane(j) {
  /** @type {Map<string, string[]>} */ const m = new Map();
  for (const d of j?.devices ?? []) for (const lane of d.lanes) m.set(lane, [...(m.get(lane) ?? []), d.key]);
  return m;
}

/**
 * The statistics tables.
 * @param {any} r the report
 * @param {Map<string, string[]>} devices the keys of each lane
 */
function statistics(r, devices) {
  const latency = r.latency ?? {};
  /** @type {Array<[string, string, unknown]>} */
  const totals = [
    ['transport', 'transport', r.transport], ['sent', 'sent', r.sent], ['delivered', 'delivered', r.delivered],
    ['throttled', 'throttled', r.throttled], ['duplicates', 'duplicates', r.duplicates], ['late', 'late', r.late],
    ['order_violations', 'order violations', r.order_violations], ['requests', 'requests', r.requests],
    ['p50', 'latency p50', ms(latency.p50)], ['p90', 'p90', ms(latency.p90)], ['p99', 'p99', ms(latency.p99)], ['max', 'max', ms(latency.max)],
  ];
  if (r.cost) totals.push(['cost', 'cost', amount(r.cost.total)]);
  return el('div', {},
    el('dl', { class: 'ingest-totals' }, totals.map(([key, label, value]) =>
      el('div', { 'data-stat': key }, el('dt', {}, label), el('dd', {}, shown(value))))),
    el('table', { class: 'ingest-lanes' },
      el('thead', {}, el('tr', {}, el('th', {}, r.lane_kind ?? 'lane'), LANE_COLUMNS.map(([, h]) => el('th', {}, h)), el('th', {}, 'devices (keys)'))),
      el('tbody', {}, (r.lanes ?? []).map((/** @type {any} */ lane, /** @type {number} */ i) => el('tr', { 'data-lane': i },
        el('th', { scope: 'row' }, String(lane.name)),
        LANE_COLUMNS.map(([key]) => el('td', { 'data-field': key },
          key.startsWith('latency') ? ms(lane[key]) : shown(lane[key]))),
        el('td', { class: 'lane-devices' }, keys(devices.get(String(lane.name)) ?? [])))))),
    (r.violations ?? []).length ? el('p', { class: 'hint' }, `first order violation: key ${r.violations[0].key}, record ${r.violations[0].seq} after ${r.violations[0].after}`) : null);
}

/** @param {string[]} list */
function keys(list) {
  return list.length > KEYS_SHOWN ? `${list.slice(0, KEYS_SHOWN).join(', ')} + ${list.length - KEYS_SHOWN} more` : list.join(', ');
}

/** @param {unknown} v */
function shown(v) {
  return v === null || v === undefined ? '–' : String(v);
}

/** @param {unknown} v milliseconds */
function ms(v) {
  return typeof v === 'number' ? `${Math.round(v)} ms` : '–';
}

/** @param {unknown} v */
function amount(v) {
  return typeof v === 'number' ? v.toFixed(4) : '–';
}

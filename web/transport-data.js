/**
 * Your own data through a transport: each event's way through the scenario's transport as the
 * façade simulates it (`pg.transport_events`: lane, time it reached the transport, arrival), and
 * the conversions between arrival times and send times when a transport is chosen or removed, or
 * when generated events become editable. Times are written by the façade (time.js), never here.
 */
import { scenarioTime } from './time.js';

/**
 * @typedef {{index: number|null, key: string, value: number, event_time: number, sent: number,
 *   arrival: number, lane: number, duplicate: boolean}} Journey
 * @typedef {{lane_kind: string, lanes: string[], events: Journey[], devices: Array<{key: string, lanes: string[]}>,
 *   watermark: Array<{at: number, to: number}>}} TransportEvents
 */

/** Whether the transport simulation decides the scenario's arrivals (as the scenario crate's `needs_transport`). @param {any} s */
export function needsTransport(s) {
  return Boolean(s && ((s.ingest && typeof s.ingest === 'object') || s.generate !== undefined || s.watermark?.model === 'ingest'));
}

/**
 * The most deliveries whose ways the page asks for: the façade simulates on the page's thread and
 * hands every delivery over (a larger run shows no shard per event, and converts without them).
 */
export const JOURNEYS_LIMIT = 50_000;

/** @type {{text: string, value: TransportEvents|null}|null} */
let last = null;

/**
 * The way of each event through the transport of scenario text `text` (a valid scenario), asked
 * of the façade once per text; null when the scenario has no transport or the façade cannot say.
 * @param {any} pg the Playground @param {string|null} text
 * @returns {TransportEvents|null}
 */
export function journeysOf(pg, text) {
  if (text === null || typeof pg?.transport_events !== 'function') return null;
  if (last?.text === text) return last.value;
  /** @type {TransportEvents|null} */ let value = null;
  try { value = /** @type {TransportEvents} */ (pg.transport_events(text)); } catch { value = null; }
  last = { text, value };
  return value;
}

/**
 * The lane (shard, message group or queue) name of each listed event, by its index in the file,
 * or of each resolved event, by its place in arrival order (`generated`).
 * @param {TransportEvents|null} j @param {boolean} generated
 * @returns {Map<number, string>}
 */
export function lanesByEvent(j, generated) {
  /** @type {Map<number, string>} */ const m = new Map();
  if (!j) return m;
  j.events.forEach((e, i) => {
    const at = generated ? i : e.index;
    if (at !== null && !m.has(at)) m.set(at, j.lanes[e.lane] ?? String(e.lane));
  });
  return m;
}

/**
 * Makes listed events ready for a transport being chosen (changes `s` in place): an event's
 * arrival becomes its send time (the time it reaches the transport; the transport adds its own
 * latency to make the arrival). Returns how many events changed.
 * @param {any} s
 */
export function arrivalsToSent(s) {
  let n = 0;
  if (!Array.isArray(s.events)) return n;
  s.events = s.events.map((/** @type {any} */ e) => {
    if (!e || typeof e !== 'object' || e.arrival === undefined) return e;
    n++;
    const { arrival, ...rest } = e;
    return rest.sent === undefined ? { ...rest, sent: arrival } : rest;
  });
  return n;
}

/**
 * Makes listed events ready for their transport being removed (changes `s` in place, after its
 * `ingest` section is gone): each event arrives when the transport delivered it in `j` (the run
 * before the change), else at its send time; an `ingest` watermark becomes the explicit path it
 * followed. Returns how many events changed.
 * @param {any} s @param {TransportEvents|null} j
 */
export function sentToArrivals(s, j) {
  if (s.watermark?.model === 'ingest') {
    // An empty path is a watermark that never moved (a shard stayed idle): explicit, with no points.
    s.watermark = j
      ? { model: 'explicit', points: j.watermark.map((p) => ({ at: scenarioTime(p.at, s), to: scenarioTime(p.to, s) })) }
      : { model: 'perfect' };
  }
  if (!Array.isArray(s.events) || needsTransport(s)) return 0;
  /** @type {Map<number, number>} */ const arrival = new Map();
  for (const e of j?.events ?? []) if (e.index !== null && !e.duplicate && !arrival.has(e.index)) arrival.set(e.index, e.arrival);
  let n = 0;
  s.events = s.events.map((/** @type {any} */ e, /** @type {number} */ i) => {
    if (!e || typeof e !== 'object' || e.arrival !== undefined) return e;
    n++;
    const { sent, ...rest } = e;
    const at = arrival.get(i);
    return { ...rest, arrival: at !== undefined ? scenarioTime(at, s) : sent ?? rest.event_time };
  });
  return n;
}

/**
 * Turns a scenario's resolved events into listed ones (changes `s` in place; its `generate`
 * section goes): with a transport still deciding arrivals (an `ingest` section or watermark),
 * each event is listed with the time it reached the transport as `sent`, so it travels the same
 * way (a duplicate delivery is the transport's, not listed); without, with its arrival. Times
 * are written as clock times on the scenario's base date.
 * @param {any} s
 * @param {Array<{key: string, value: number, event_time: number, arrival: number}>} resolved the run's events
 * @param {TransportEvents|null} j the transport's account of the same run
 */
export function listResolved(s, resolved, j) {
  delete s.generate;
  const time = (/** @type {number} */ ms) => scenarioTime(ms, s);
  if (needsTransport(s) && j) {
    s.events = j.events.filter((e) => !e.duplicate)
      .map((e) => ({ key: e.key, value: e.value, event_time: time(e.event_time), sent: time(e.sent) }));
  } else {
    s.events = resolved.map((e) => ({ key: e.key, value: e.value, event_time: time(e.event_time), arrival: time(e.arrival) }));
  }
}

/**
 * Deterministic event generation from a seed (input data only: no pipeline semantics here).
 * The same spec always gives the same events, in arrival order.
 */

/**
 * @typedef {{kind: 'fixed'|'uniform'|'exponential', min: number, max: number, mean: number}} DelaySpec
 *   delays in milliseconds: fixed uses `mean`, uniform draws in [min, max], exponential has mean `mean`
 * @typedef {{keys: number, rate: number, start: number, duration: number, delay: DelaySpec,
 *            seed: number, values: [number, number]}} GeneratorSpec
 *   rate: events per minute per key; start, duration: ms; values: integer range [lo, hi]
 * @typedef {{key: string, value: number, event_time: number, arrival: number}} GeneratedEvent
 */

/** The generator form's defaults. @type {GeneratorSpec} */
export const defaultSpec = {
  keys: 2, rate: 6, start: 12 * 3_600_000, duration: 5 * 60_000,
  delay: { kind: 'exponential', min: 0, max: 60_000, mean: 30_000 }, seed: 1, values: [1, 9],
};

/**
 * A small, fast, seedable PRNG (mulberry32) giving floats in [0, 1).
 * @param {number} seed
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Validates a spec, naming the bad input.
 * @param {GeneratorSpec} spec
 */
export function validateSpec(spec) {
  const need = (/** @type {boolean} */ ok, /** @type {string} */ name, /** @type {unknown} */ v) => {
    if (!ok) throw new Error(`invalid ${name}: ${v}`);
  };
  need(Number.isInteger(spec.keys) && spec.keys >= 1 && spec.keys <= 1000, 'keys', spec.keys);
  need(Number.isFinite(spec.rate) && spec.rate > 0, 'rate', spec.rate);
  need(Number.isInteger(spec.start), 'start', spec.start);
  need(Number.isInteger(spec.duration) && spec.duration > 0, 'duration', spec.duration);
  need(Number.isInteger(spec.seed), 'seed', spec.seed);
  need(['fixed', 'uniform', 'exponential'].includes(spec.delay.kind), 'delay', spec.delay.kind);
  need(spec.delay.min >= 0 && spec.delay.max >= spec.delay.min, 'delay range', `${spec.delay.min}..${spec.delay.max}`);
  need(spec.delay.mean >= 0, 'delay mean', spec.delay.mean);
  need(Number.isInteger(spec.values[0]) && Number.isInteger(spec.values[1]) && spec.values[1] >= spec.values[0], 'values', spec.values.join('..'));
}

/**
 * Generates events: per key a Poisson process of `rate` per minute over [start, start+duration),
 * each event delayed by a draw from `delay`. Sorted by arrival (ties: by key, then event time).
 * @param {GeneratorSpec} spec
 * @returns {GeneratedEvent[]}
 */
export function generateEvents(spec) {
  validateSpec(spec);
  const random = mulberry32(spec.seed);
  const meanGap = 60_000 / spec.rate;
  /** @type {GeneratedEvent[]} */
  const events = [];
  for (let k = 0; k < spec.keys; k++) {
    const key = keyName(k);
    let t = spec.start;
    for (;;) {
      t += Math.max(1, Math.round(-Math.log(1 - random()) * meanGap));
      if (t >= spec.start + spec.duration) break;
      const eventTime = Math.round(t / 1000) * 1000;
      const value = spec.values[0] + Math.floor(random() * (spec.values[1] - spec.values[0] + 1));
      events.push({ key, value, event_time: eventTime, arrival: eventTime + delay(spec.delay, random) });
    }
  }
  events.sort((a, b) => a.arrival - b.arrival || a.key.localeCompare(b.key) || a.event_time - b.event_time);
  return events;
}

/** @param {DelaySpec} d @param {() => number} random */
function delay(d, random) {
  const ms = d.kind === 'fixed' ? d.mean
    : d.kind === 'uniform' ? d.min + random() * (d.max - d.min)
      : -Math.log(1 - random()) * d.mean;
  return Math.round(ms / 1000) * 1000;
}

/** Key names A, B, …, Z, K26, K27, … @param {number} k */
export function keyName(k) {
  return k < 26 ? String.fromCharCode(65 + k) : `K${k}`;
}

/**
 * The chart's plot-area mapping between canvas pixels and times, as the render crate reports it.
 *
 * What the session's `draw` (worker.js) and the façade's `pg.draw` return: ChartLayout = {
 *   plot: {x, y, width, height},          // plot area in canvas pixels, y downwards
 *   event_time: {min, max},               // ms at plot.x and at plot.x + plot.width
 *   processing_time: {min, max},          // ms at the bottom (plot.y + plot.height) and at the top (plot.y)
 * }
 * The page never guesses the mapping: without it, direct manipulation is off.
 */

/**
 * @typedef {{x: number, y: number, width: number, height: number}} Rect
 * @typedef {{min: number, max: number}} Range
 * @typedef {{plot: Rect, event_time: Range, processing_time: Range}} ChartLayout
 */

/**
 * Validates a layout from the façade (`Session.draw`): a plot rectangle and its time ranges.
 * @param {unknown} raw
 * @returns {ChartLayout}
 */
export function parseLayout(raw) {
  const o = plainObject(raw, 'layout');
  const plot = plainObject(o.plot, 'layout.plot');
  const rect = {
    x: finite(plot.x, 'layout.plot.x'), y: finite(plot.y, 'layout.plot.y'),
    width: finite(plot.width, 'layout.plot.width'), height: finite(plot.height, 'layout.plot.height'),
  };
  if (rect.width <= 0 || rect.height <= 0) throw new Error(`invalid layout.plot: ${JSON.stringify(rect)}`);
  return { plot: rect, event_time: range(o.event_time, 'layout.event_time'), processing_time: range(o.processing_time, 'layout.processing_time') };
}

/**
 * Pixel position of a point (event time across, processing time up).
 * @param {ChartLayout} l
 * @param {number} eventTime
 * @param {number} processingTime
 */
export function toPixel(l, eventTime, processingTime) {
  const fx = (eventTime - l.event_time.min) / (l.event_time.max - l.event_time.min);
  const fy = (processingTime - l.processing_time.min) / (l.processing_time.max - l.processing_time.min);
  return { x: l.plot.x + fx * l.plot.width, y: l.plot.y + l.plot.height - fy * l.plot.height };
}

/**
 * Times at a pixel position, rounded to `step` milliseconds.
 * @param {ChartLayout} l
 * @param {number} x
 * @param {number} y
 * @param {number} [step]
 */
export function fromPixel(l, x, y, step = 1) {
  const fx = (x - l.plot.x) / l.plot.width;
  const fy = (l.plot.y + l.plot.height - y) / l.plot.height;
  const et = l.event_time.min + fx * (l.event_time.max - l.event_time.min);
  const pt = l.processing_time.min + fy * (l.processing_time.max - l.processing_time.min);
  return { eventTime: Math.round(et / step) * step, processingTime: Math.round(pt / step) * step };
}

/**
 * Whether a pixel lies in the plot area.
 * @param {ChartLayout} l
 * @param {number} x
 * @param {number} y
 */
export function inPlot(l, x, y) {
  return x >= l.plot.x && x <= l.plot.x + l.plot.width && y >= l.plot.y && y <= l.plot.y + l.plot.height;
}

/** @param {unknown} v @param {string} name @returns {Record<string, unknown>} */
function plainObject(v, name) {
  if (v && typeof v === 'object') return /** @type {Record<string, unknown>} */ (v);
  throw new Error(`invalid ${name}: ${String(v)}`);
}

/** @param {unknown} v @param {string} name */
function finite(v, name) {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`invalid ${name}: ${String(v)}`);
  return v;
}

/** @param {unknown} v @param {string} name @returns {Range} */
function range(v, name) {
  const o = plainObject(v, name);
  const r = { min: finite(o.min, `${name}.min`), max: finite(o.max, `${name}.max`) };
  if (r.max === r.min) throw new Error(`invalid ${name}: empty range`);
  return r;
}

/**
 * The chart: drawn by the render crate in the run's session (the worker, into an OffscreenCanvas;
 * runner.js `draw`), put on the page's canvas as a picture,
 * plus direct manipulation: click an empty spot to ask why (`ask`), Shift+click to add an event, drag a dot (event time across, arrival up),
 * drag an explicit watermark point, Delete to remove the selected event.
 */
import { parseLayout, toPixel, fromPixel, inPlot } from './layout.js';
import { eventAt } from './runner.js';

const HIT = 9;

/**
 * @typedef {import('./layout.js').ChartLayout} ChartLayout
 * @typedef {{select: (i: number|null) => void, addEvent: (eventTime: number, arrival: number) => void,
 *   moveEvent: (i: number, eventTime: number, arrival: number, record: boolean) => void,
 *   movePoint: (j: number, at: number, to: number, record: boolean) => void,
 *   deleteEvent: (i: number) => void, editable: () => boolean,
 *   ask?: (x: number, y: number) => void}} ChartHandlers  `ask`: a click on an empty spot (Shift+click adds an event)
 * @typedef {{output: any, at: number|null, selected: number|null, height?: number, legend?: boolean}} ChartFrame  `output`: a run result of runner.js
 */

/**
 * Wires a canvas to the run client.
 * @param {HTMLCanvasElement} canvas
 * @param {ReturnType<typeof import('./runner.js').createRunner>} client
 * @param {ChartHandlers|null} handlers null: a read-only chart (compare B, embed)
 */
export function createChart(canvas, client, handlers) {
  /** @type {ChartLayout|null} */ let layout = null;
  /** @type {ChartFrame|null} */ let frame = null;
  /**
   * The canvas's width in CSS pixels as last laid out (0: not known), kept by a ResizeObserver:
   * reading it from the layout while drawing would force a layout of the whole page first.
   */
  let boxWidth = 0;
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver((entries) => { for (const e of entries) boxWidth = e.contentRect.width; }).observe(canvas);
  }
  /**
   * The drag in progress. Its layout is the one at the press: the axes fit the data, so they may
   * move while a dot moves, and mapping the pointer through a moving scale would feed back.
   * @type {{kind: 'event'|'point', index: number, moved: boolean, layout: ChartLayout}|null}
   */
  let drag = null;

  /** Canvas pixel position of a pointer event. @param {PointerEvent|MouseEvent} e */
  const pos = (e) => {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * (canvas.width / r.width), y: (e.clientY - r.top) * (canvas.height / r.height) };
  };

  /** The event dot or watermark point under (x, y). @param {number} x @param {number} y */
  const hit = (x, y) => {
    if (!layout || !frame?.output) return null;
    /** @type {{kind: 'event'|'point', index: number, d: number}|null} */ let best = null;
    const consider = (/** @type {'event'|'point'} */ kind, /** @type {number} */ index, /** @type {number} */ et, /** @type {number} */ pt) => {
      if (typeof et !== 'number' || typeof pt !== 'number') return;
      const p = toPixel(/** @type {ChartLayout} */ (layout), et, pt);
      const d = Math.hypot(p.x - x, p.y - y);
      if (d <= HIT && (!best || d < best.d)) best = { kind, index, d };
    };
    const c = frame.output.columns;
    for (let i = 0; i < c.event_time.length; i++) consider('event', i, c.event_time[i], c.arrival[i]);
    const wm = frame.output.scenario?.watermark;
    if (wm?.model === 'explicit') (wm.points ?? []).forEach((/** @type {any} */ p, /** @type {number} */ j) => consider('point', j, p.to, p.at));
    return best;
  };

  if (handlers) {
    canvas.tabIndex = 0;
    canvas.addEventListener('pointerdown', (e) => {
      if (!layout || e.button !== 0) return;
      const { x, y } = pos(e);
      if (!handlers.editable()) {
        if (handlers.ask && inPlot(layout, x, y)) handlers.ask(x, y);
        return;
      }
      const h = hit(x, y);
      canvas.focus();
      if (h) {
        if (h.kind === 'event') handlers.select(h.index);
        drag = { kind: h.kind, index: h.index, moved: false, layout };
        canvas.setPointerCapture(e.pointerId);
        e.preventDefault();
      } else if (inPlot(layout, x, y) && handlers.ask && !e.shiftKey) {
        handlers.ask(x, y); // an empty spot: why has its window (not) fired then?
      } else if (inPlot(layout, x, y)) {
        const t = fromPixel(layout, x, y, 1000);
        handlers.addEvent(t.eventTime, t.processingTime);
      } else {
        handlers.select(null);
      }
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!layout) return;
      const { x, y } = pos(e);
      if (!drag) {
        canvas.style.cursor = handlers.editable() && hit(x, y) ? 'grab' : inPlot(layout, x, y) ? (e.shiftKey && handlers.editable() ? 'crosshair' : 'help') : 'default';
        return;
      }
      const t = fromPixel(drag.layout, x, y, e.altKey ? 1 : 1000);
      const record = !drag.moved;
      drag.moved = true;
      canvas.style.cursor = 'grabbing';
      if (drag.kind === 'event') handlers.moveEvent(drag.index, t.eventTime, t.processingTime, record);
      else handlers.movePoint(drag.index, t.processingTime, t.eventTime, record);
    });
    const end = () => { drag = null; canvas.style.cursor = 'default'; };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (e) => {
      if ((e.key === 'Delete' || e.key === 'Backspace') && frame?.selected !== null && frame?.selected !== undefined && handlers.editable()) {
        e.preventDefault();
        handlers.deleteEvent(frame.selected);
      } else if (e.key === 'Escape') {
        handlers.select(null);
      }
    });
  }

  /** Puts the session's drawing of frame `f` on the canvas and rings the selected event. @param {ChartFrame} f */
  const paint = async (f) => {
    const box = boxWidth || canvas.getBoundingClientRect().width;
    const width = Math.max(320, Math.round(box || canvas.parentElement?.clientWidth || 640));
    const height = Math.round(f.height ?? Math.max(280, width * 0.55));
    const { layout: drawn, bitmap } = await client.draw(f.output.which, f.output.id, { at: f.at, width, height, legend: f.legend });
    // Resized right before the picture goes on: no blank frame in between.
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const ctx = canvas.getContext('2d');
    ctx?.drawImage(bitmap, 0, 0);
    bitmap.close();
    layout = parseLayout(drawn);
    const e = f.selected !== null ? eventAt(f.output, f.selected) : null;
    if (layout && e && ctx) {
      const p = toPixel(layout, e.event_time, e.arrival);
      ctx.save();
      ctx.strokeStyle = '#d9480f';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(p.x, p.y, 8, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.restore();
    }
    canvas.dataset.layout = layout ? 'yes' : 'no';
  };
  /** The frames being painted, until the latest asked for is on the canvas. @type {Promise<void>|null} */
  let painting = null;

  return {
    /**
     * Draws a frame: the session draws the run at the canvas's size and cursor, the picture goes
     * on the canvas, the selected event is ringed. Frames asked for while one is painted are
     * painted once, the latest. Rejects with the session's Error.
     * @param {ChartFrame} f
     * @returns {Promise<void>}
     */
    draw(f) {
      frame = f;
      painting ??= (async () => {
        for (let done = null; done !== frame;) {
          done = /** @type {ChartFrame} */ (frame);
          await paint(done);
        }
      })().finally(() => { painting = null; });
      return painting;
    },
    /** The current plot-area mapping (null when the façade gives none). */
    layout: () => layout,
    /** Whether a drag is in progress. */
    dragging: () => drag !== null,
  };
}

/**
 * The chart: drawn by the render crate in the run's session (the worker, into an OffscreenCanvas;
 * runner.js `draw`), put on the page's canvas as a picture, plus
 * - explanations: hovering a pane, a dot, the watermark or a window shows the session's tooltip
 *   for what it drew there (`hit`); clicking a pane selects it (outlined by the session, with its
 *   elements) and shows its reason under the chart; Tab and the arrow keys move the focus through
 *   the panes (`focus`), Enter explains the focused one;
 * - direct manipulation: Shift+click (or a click in add mode) adds an event, drag a dot (event
 *   time across, arrival up), drag an explicit watermark point, Delete removes the selected event;
 * - why nothing fired: a click on an empty spot of the plot asks (`ask`).
 */
import { parseLayout, toPixel, fromPixel, inPlot } from './layout.js';
import { eventAt } from './runner.js';
import { el } from './dom.js';

const HIT = 9;

/**
 * @typedef {import('./layout.js').ChartLayout} ChartLayout
 * @typedef {{select: (i: number|null) => void, addEvent: (eventTime: number, arrival: number) => void,
 *   moveEvent: (i: number, eventTime: number, arrival: number, record: boolean) => void,
 *   movePoint: (j: number, at: number, to: number, record: boolean) => void,
 *   deleteEvent: (i: number) => void, editable: () => boolean,
 *   selectPane?: (i: number|null) => void, adding?: () => boolean,
 *   ask?: (x: number, y: number) => void}} ChartHandlers
 *   `selectPane`: a pane was clicked (or Enter pressed on it); `adding`: whether a plain click adds an event;
 *   `ask`: a click on an empty spot of the plot
 * @typedef {{output: any, at: number|null, selected: number|null, pane?: number|null, height?: number, legend?: boolean}} ChartFrame
 *   `output`: a run result of runner.js; `selected`: the selected event; `pane`: the selected pane
 * @typedef {{kind: string, tip: string, index?: number, rect?: {x: number, y: number, width: number, height: number}}} ChartHit
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

  // ---- explanations: the tooltip, the focused pane, the selected pane's reason ----
  const host = canvas.parentElement;
  const tip = el('div', { class: 'chart-tip', role: 'tooltip', hidden: true });
  const said = el('p', { class: 'chart-reason', 'aria-live': 'polite' });
  if (host) { host.classList.add('chart-host'); host.insertBefore(tip, canvas.nextSibling); }
  /** The pane the keyboard focus is on (drawn with a dashed outline), null when none. @type {ChartHit|null} */
  let focused = null;
  /** Shows `text` in the tooltip near canvas pixel (x, y); null hides it. @param {string|null} text @param {number} [x] @param {number} [y] */
  const showTip = (text, x = 0, y = 0) => {
    if (!text) { tip.hidden = true; tip.textContent = ''; delete canvas.dataset.tip; return; }
    tip.textContent = text;
    tip.hidden = false;
    canvas.dataset.tip = text;
    const r = canvas.getBoundingClientRect();
    const scale = r.width / (canvas.width || 1);
    const left = canvas.offsetLeft + x * scale;
    const top = canvas.offsetTop + y * scale;
    const width = tip.offsetWidth;
    tip.style.left = `${Math.max(canvas.offsetLeft, Math.min(left + 12, canvas.offsetLeft + r.width - width - 4))}px`;
    tip.style.top = `${top + 16}px`;
  };
  /** What the session drew at canvas pixel (x, y) (null when nothing, or the run moved on). @param {number} x @param {number} y @returns {Promise<ChartHit|null>} */
  const ask = async (x, y) => {
    if (!frame?.output?.hit) return null;
    try { return await frame.output.hit(x, y); } catch { return null; }
  };
  /** Hover: one question to the session at a time, the latest position asked next. */
  let hovering = false;
  /** @type {{x: number, y: number}|null} */ let hoverNext = null;
  const hover = async (/** @type {number} */ x, /** @type {number} */ y) => {
    hoverNext = { x, y };
    if (hovering) return;
    hovering = true;
    try {
      while (hoverNext) {
        const p = hoverNext;
        hoverNext = null;
        const h = await ask(p.x, p.y);
        if (!hoverNext) {
          showTip(h ? h.tip : null, p.x, p.y);
          canvas.dataset.hover = h ? h.kind : '';
          if (!drag && layout) canvas.style.cursor = h?.kind === 'pane' ? 'pointer' : hit(p.x, p.y) ? 'grab' : inPlot(layout, p.x, p.y) && handlers?.editable() && adding(null) ? 'crosshair' : 'default';
        }
      }
    } finally { hovering = false; }
  };
  /** Whether a click adds an event: Shift held, or the add mode on. @param {MouseEvent|null} e */
  const adding = (e) => Boolean(e?.shiftKey) || Boolean(handlers?.adding?.());
  canvas.addEventListener('pointermove', (e) => { if (!drag) { const { x, y } = pos(e); hover(x, y); } });
  canvas.addEventListener('pointerleave', () => { hoverNext = null; if (!focused) showTip(null); canvas.dataset.hover = ''; });

  /** Moves the keyboard focus `step` panes on (from the focused one, else the selected one). @param {number} step @returns {Promise<boolean>} whether it moved */
  const moveFocus = (step) => (moving = moving.then(() => moveOnce(step), () => moveOnce(step)));
  // Moves run one after another: keys pressed faster than the session answers each step on from
  // where the previous one arrived (two at once both started from the same pane).
  /** @type {Promise<boolean>} */ let moving = Promise.resolve(false);
  /** @param {number} step @returns {Promise<boolean>} */
  const moveOnce = async (step) => {
    if (!frame?.output?.focus) return false;
    const from = focused?.index ?? frame.pane ?? null;
    /** @type {ChartHit|null} */ let next = null;
    try { next = await frame.output.focus(from, step); } catch { return false; }
    if (!next || (focused && next.index === focused.index)) return false;
    focused = next;
    canvas.dataset.focusPane = String(next.index);
    repaintFocus();
    const r = /** @type {NonNullable<ChartHit['rect']>} */ (next.rect);
    showTip(`${next.tip} · Enter: why?`, r.x, r.y + r.height);
    return true;
  };
  canvas.addEventListener('blur', () => { focused = null; delete canvas.dataset.focusPane; showTip(null); repaintFocus(); });

  /** Shows the reason for pane `i` of the frame's run under the chart (null: clears it). @param {number|null} i */
  const explain = (i) => {
    if (i === null || !frame?.output?.reason) { said.replaceChildren(); return; }
    const output = frame.output;
    said.replaceChildren(el('strong', {}, `Pane ${i + 1}: `), el('span', { class: 'reason-text' }, '…'));
    output.reason(i).then((/** @type {string} */ r) => {
      if (frame?.output === output) said.replaceChildren(el('strong', {}, `Pane ${i + 1}: `), el('span', { class: 'reason-text' }, r));
    }, () => {});
  };
  let explained = /** @type {number|null} */ (null);

  if (handlers) {
    canvas.tabIndex = 0;
    if (host) host.appendChild(said);
    canvas.addEventListener('pointerdown', async (e) => {
      if (!layout || e.button !== 0) return;
      const { x, y } = pos(e);
      const h = handlers.editable() ? hit(x, y) : null;
      canvas.focus();
      if (h) {
        if (h.kind === 'event') handlers.select(h.index);
        drag = { kind: h.kind, index: h.index, moved: false, layout };
        canvas.setPointerCapture(e.pointerId);
        e.preventDefault();
        return;
      }
      if (inPlot(layout, x, y) && adding(e) && handlers.editable()) {
        const t = fromPixel(layout, x, y, 1000);
        handlers.addEvent(t.eventTime, t.processingTime);
        return;
      }
      const at = await ask(x, y);
      if (at?.kind === 'pane' && typeof at.index === 'number') {
        focused = null;
        handlers.selectPane?.(at.index === frame?.pane ? null : at.index);
      } else {
        handlers.select(null);
        handlers.selectPane?.(null);
      }
      // Why has the window under the pointer (not) fired by then? Asked on a pane too: a pane box
      // spans the processing times before its emission, when it had not fired yet.
      if (inPlot(layout, x, y)) handlers.ask?.(x, y);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const { x, y } = pos(e);
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
    canvas.addEventListener('keydown', async (e) => {
      const next = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if ((e.key === 'Delete' || e.key === 'Backspace') && frame?.selected !== null && frame?.selected !== undefined && handlers.editable()) {
        e.preventDefault();
        handlers.deleteEvent(frame.selected);
      } else if (e.key === 'Escape') {
        focused = null; delete canvas.dataset.focusPane; showTip(null); repaintFocus();
        handlers.select(null);
        handlers.selectPane?.(null);
      } else if (next !== undefined) {
        e.preventDefault();
        await moveFocus(next);
      } else if (e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        // Tab goes through the panes, then on out of the chart.
        e.preventDefault();
        if (!(await moveFocus(e.shiftKey ? -1 : 1))) focusBeyond(e.shiftKey ? -1 : 1);
      } else if ((e.key === 'Enter' || e.key === ' ') && focused?.index !== undefined) {
        e.preventDefault();
        handlers.selectPane?.(focused.index);
      }
    });
  }

  /** Moves the page's focus to the control before or after the canvas (Tab at the last pane). @param {number} dir */
  function focusBeyond(dir) {
    const all = [...document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((n) => n === canvas || /** @type {HTMLElement} */ (n).offsetParent !== null);
    const i = all.indexOf(canvas);
    const to = /** @type {HTMLElement|undefined} */ (all[i + dir]);
    focused = null;
    to?.focus();
  }

  /** The last picture put on the canvas, to draw the focus outline over again. @type {ImageBitmap|null} */
  let picture = null;
  /** Draws the focused pane's dashed outline over the picture (or the picture alone). */
  function repaintFocus() {
    const ctx = canvas.getContext('2d');
    if (!ctx || !picture) return;
    ctx.drawImage(picture, 0, 0);
    ringEvent(ctx);
    const r = focused?.rect;
    if (!r) return;
    ctx.save();
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x - 4.5, r.y - 4.5, r.width + 9, r.height + 9);
    ctx.restore();
  }
  /** Rings the selected event. @param {CanvasRenderingContext2D} ctx */
  function ringEvent(ctx) {
    const e = frame && frame.selected !== null ? eventAt(frame.output, frame.selected) : null;
    if (!layout || !e) return;
    const p = toPixel(layout, e.event_time, e.arrival);
    ctx.save();
    ctx.strokeStyle = '#d9480f';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(p.x, p.y, 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  }

  /** Puts the session's drawing of frame `f` on the canvas and rings the selected event. @param {ChartFrame} f */
  const paint = async (f) => {
    const box = boxWidth || canvas.getBoundingClientRect().width;
    const width = Math.max(320, Math.round(box || canvas.parentElement?.clientWidth || 640));
    const height = Math.round(f.height ?? Math.max(280, width * 0.55));
    const { layout: drawn, bitmap } = await client.draw(f.output.which, f.output.id, { at: f.at, width, height, legend: f.legend, selected: f.pane ?? null });
    // Resized right before the picture goes on: no blank frame in between.
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    picture?.close();
    picture = bitmap;
    layout = parseLayout(drawn);
    // The focus follows the pane to where this drawing put it (or is dropped with it).
    if (focused?.index !== undefined && f.output.focus) {
      const index = focused.index;
      focused = await f.output.focus(index, 0).then((/** @type {ChartHit|null} */ h) => (h && h.index === index ? h : null), () => null);
    }
    repaintFocus();
    const pane = f.pane ?? null;
    if (pane !== explained || f.output !== explainedOf) { explained = pane; explainedOf = f.output; explain(pane); }
    canvas.dataset.layout = layout ? 'yes' : 'no';
    canvas.dataset.selectedPane = pane === null ? '' : String(pane);
  };
  /** The run whose pane's reason is shown. @type {any} */
  let explainedOf = null;
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

/**
 * The first visit's tour: five short steps over the page (the axes, the watermark, a pane,
 * asking why, changing the trigger), each pointing at its part of the page. Dismissed once, it
 * stays closed (localStorage); the toolbar's "Tour" button reopens it. `?tour=0` in the URL
 * keeps it closed for this visit (the tests use it, and embeds never show it).
 */
import { el, replaceChildren } from './dom.js';

/** The localStorage key that remembers the dismissal. */
export const TOUR_KEY = 'windowpane.tour';

/** @type {Array<{target: string, title: string, text: string}>} */
const STEPS = [
  { target: '#chart-a', title: 'The axes', text: 'Event time runs across: when each score happened. Processing time runs up: when the pipeline saw it. Each dot is one element.' },
  { target: '#chart-a', title: 'The watermark', text: 'The line rising from bottom left is the watermark: the pipeline\'s guess that everything before that event time has arrived. Dots left of it when they arrive are late.' },
  { target: '#output-a', title: 'A pane', text: 'Each shaded box is a pane: a window\'s result, emitted at the height of its top edge. EARLY before the watermark passes the window, ON_TIME when it does, LATE after. Select a pane in the list to read why it fired.' },
  { target: '#chart-a', title: 'Ask why', text: 'Click an empty spot of the chart: the engine says why that window has or has not fired at that moment, what holds the watermark, and when the window expires.' },
  { target: '[data-tab="pipeline"]', title: 'Change the trigger', text: 'Open the Pipeline tab and change the trigger or the accumulation mode: the panes are recomputed at once. Presets of the book\'s figures are in the menu at the top.' },
];

/** Whether the tour was dismissed. */
function dismissed() {
  try { return localStorage.getItem(TOUR_KEY) === 'dismissed'; } catch { return true; }
}

/**
 * Makes the tour and its reopening button (put into the toolbar); opens it now unless it was
 * dismissed or `show` is false.
 * @param {HTMLElement} toolbar @param {boolean} show
 */
export function createTour(toolbar, show) {
  const box = el('aside', { id: 'tour', class: 'tour', role: 'dialog', 'aria-label': 'tour', hidden: true });
  document.body.append(box);
  let step = 0;
  const close = () => {
    box.hidden = true;
    try { localStorage.setItem(TOUR_KEY, 'dismissed'); } catch { /* private mode: it reopens next time */ }
  };
  const render = () => {
    const s = STEPS[step];
    const target = /** @type {HTMLElement|null} */ (document.querySelector(s.target));
    document.querySelectorAll('.tour-target').forEach((n) => n.classList.remove('tour-target'));
    target?.classList.add('tour-target');
    target?.scrollIntoView?.({ block: 'nearest' });
    const back = el('button', { type: 'button', class: 'tour-back' }, 'Back');
    const next = el('button', { type: 'button', class: 'tour-next' }, step === STEPS.length - 1 ? 'Done' : 'Next');
    const shut = el('button', { type: 'button', class: 'tour-close', 'aria-label': 'close the tour' }, '×');
    back.toggleAttribute('disabled', step === 0);
    back.addEventListener('click', () => { step = Math.max(0, step - 1); render(); });
    next.addEventListener('click', () => { if (step === STEPS.length - 1) { close(); target?.classList.remove('tour-target'); } else { step++; render(); } });
    shut.addEventListener('click', () => { close(); target?.classList.remove('tour-target'); });
    replaceChildren(box, shut, el('p', { class: 'tour-step' }, `${step + 1} / ${STEPS.length}`), el('h3', {}, s.title),
      el('p', {}, s.text), el('div', { class: 'tour-buttons' }, back, next));
    box.dataset.step = String(step + 1);
  };
  const open = () => { step = 0; box.hidden = false; render(); };
  const button = el('button', { type: 'button', id: 'tour-open', title: 'How to read the chart' }, 'Tour');
  button.addEventListener('click', open);
  toolbar.append(button);
  box.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  if (show && !dismissed()) open();
  return { open, close };
}

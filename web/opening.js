/**
 * Which document a page opens: the link in its address, this tab's own autosave, or the newest
 * saved document; and, when a shared link would replace work saved in this browser, the
 * question "open it / keep mine / open it in a new tab". An embed opens what its link says and
 * never saves. Also the Recent menu, which reopens a saved document.
 */
import { el } from './dom.js';
import { decodeHash } from './url.js';
import * as saved from './persist.js';

/**
 * @typedef {{scenario: string, compare: string|null, at?: string|null}} Link
 * @typedef {{id: string|null, saved: import('./persist.js').Record|null, link: Link|null, linkError: string|null}} Opening
 *   id: the document this page saves to (null: never saves); saved: the autosave to start from;
 *   link: the link's document, opened over it
 */

/** A hash asks to be opened as a new document, without asking (the "new tab" answer). */
const NEW = 'new=1';

/**
 * Chooses what the page opens.
 * @param {{embed: boolean, ask: (mine: import('./persist.js').Record) => Promise<'open'|'keep'|'tab'>}} opts
 * @returns {Promise<Opening>}
 */
export async function chooseOpening({ embed, ask }) {
  const hash = location.hash;
  /** @type {Link|null} */ let link = null;
  /** @type {string|null} */ let linkError = null;
  try { link = await decodeHash(hash); } catch (e) { linkError = e instanceof Error ? e.message : String(e); }
  if (embed) return { id: null, saved: link || linkError ? null : await saved.load(), link, linkError };
  const own = saved.tabDocument();
  const fresh = (/** @type {Link|null} */ l) => { const id = saved.newId(); saved.setTabDocument(id); return { id, saved: null, link: l, linkError }; };
  if (new URLSearchParams(hash.replace(/^#/, '')).get('new') === '1') return fresh(link);
  // This page's own link (a reload, maybe before the newer link was written): its autosave wins.
  const writer = saved.linkWriter();
  if (writer !== null) {
    const mine = await saved.load(writer);
    if (mine) { saved.setTabDocument(writer); return { id: writer, saved: mine, link: null, linkError: null }; }
  }
  if (!link) {
    const mine = own !== null ? await saved.load(own) : await saved.load();
    const id = mine?.id ?? own ?? saved.newId();
    saved.setTabDocument(id);
    return { id, saved: mine, link: null, linkError };
  }
  // A new tab's work is the newest document the user changed.
  const mine = own !== null ? await saved.load(own) : await saved.latestWork();
  if (mine && mine.edited && mine.head === null && mine.text !== link.scenario) {
    const answer = await ask(mine);
    if (answer === 'tab') {
      window.open(`${location.pathname}${location.search}${hash}&${NEW}`, '_blank');
    }
    if (answer !== 'open') {
      saved.setTabDocument(mine.id);
      return { id: mine.id, saved: mine, link: null, linkError: null };
    }
    return fresh(link);
  }
  if (mine && !mine.edited) {
    // Nothing the user made: the link's document takes its place.
    saved.setTabDocument(mine.id);
    return { id: mine.id, saved: mine, link, linkError };
  }
  return fresh(link);
}

/**
 * Asks, in a modal dialog, what to do with a shared link while work is saved.
 * @param {string} title the saved document's title
 * @returns {Promise<'open'|'keep'|'tab'>}
 */
export function askAboutLink(title) {
  return new Promise((resolve) => {
    const answer = (/** @type {'open'|'keep'|'tab'} */ a) => () => { dialog.close(); dialog.remove(); resolve(a); };
    const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'link-question', 'aria-labelledby': 'link-question-title' },
      el('h2', { id: 'link-question-title' }, 'Open the shared link?'),
      el('p', {}, `This link holds another scenario than your saved work${title ? ` (“${title}”)` : ''}. Your work stays saved either way and is listed under Recent.`),
      el('div', { class: 'dialog-buttons' },
        el('button', { type: 'button', 'data-answer': 'open', onclick: answer('open') }, 'Open the link'),
        el('button', { type: 'button', 'data-answer': 'keep', onclick: answer('keep') }, 'Keep mine'),
        el('button', { type: 'button', 'data-answer': 'tab', onclick: answer('tab') }, 'Open it in a new tab'))));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); answer('keep')(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/**
 * Fills the Recent menu: the saved documents, newest first; picking one opens it in this tab
 * (the current one is saved already).
 * @param {HTMLSelectElement} menu @param {string|null} current this tab's document
 */
export async function fillRecent(menu, current) {
  const docs = await saved.list();
  menu.replaceChildren(el('option', { value: '' }, `Recent (${docs.length})…`),
    ...docs.map((d) => el('option', { value: d.id, 'data-current': String(d.id === current) },
      `${d.id === current ? '• ' : ''}${d.title || 'untitled'} — ${new Date(d.savedAt).toLocaleString()}`)));
  menu.onchange = () => {
    const id = menu.value;
    menu.value = '';
    if (!id || id === current) return;
    saved.setTabDocument(id);
    location.replace(`${location.pathname}${location.search}`);
  };
}

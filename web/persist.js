/**
 * Autosave: each document in IndexedDB under its own id, whatever its size, so a reload loses
 * nothing and one tab never writes over another tab's document. What is saved is a scenario
 * text, never a re-serialized object when the user gave one: the exact text they typed, pasted,
 * uploaded or opened from a link (so that 2^53 + 1 or a duplicate key reads back as it was
 * written), plus, when only the rest of the scenario was edited since, the scenario without its
 * events as the page wrote it.
 *
 * A record: {id, title, savedAt, text, head, compare, history, edited}: `text` a scenario text;
 * `head` (optional) the current scenario without its listed events, which replace `text`'s all
 * but the events; `compare` pipeline B's JSON; `history` the undo and redo steps as JSON (small
 * documents only); `edited` whether the user changed it (what a shared link asks before replacing).
 *
 * Which document a tab shows is the tab's (sessionStorage); the address's history state names the
 * document that wrote its link: a reload finds its own document even when the address still
 * holds an older link.
 */

const DB = 'windowpane';
const STORE = 'autosave';
const DOCS = 'documents';
/** Each document's id, title and time of saving, apart: listing them reads no texts. */
const META = 'recent';
/** The one record of the page before documents had ids (read, never written). */
const KEY = 'document';
/** Where the page saved before IndexedDB (a JSON document; read once, for an older save). */
const OLD_KEY = 'windowpane:doc';
/** This tab's document id (sessionStorage). */
const TAB_DOC = 'windowpane:doc-id';
/** How many documents the Recent menu lists, and the store keeps. */
export const RECENT = 12;

/**
 * @typedef {{text: string, head: string|null, compare: string|null}} Saved
 * @typedef {Saved & {id: string, title: string, savedAt: number, history: string|null, edited: boolean}} Record
 */

/** @returns {Promise<IDBDatabase>} */
function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 3);
    req.onupgradeneeded = () => {
      const names = req.result.objectStoreNames;
      if (!names.contains(STORE)) req.result.createObjectStore(STORE);
      if (!names.contains(DOCS)) req.result.createObjectStore(DOCS, { keyPath: 'id' });
      if (!names.contains(META)) req.result.createObjectStore(META, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB: cannot open'));
  });
}

/** @type {Promise<IDBDatabase>|null} */ let db = null;

/**
 * Reads with one request on a store.
 * @template T @param {string} store @param {(s: IDBObjectStore) => IDBRequest<T>} make @returns {Promise<T>}
 */
async function read(store, make) {
  db ??= open();
  const tx = (await db).transaction(store, 'readonly');
  return new Promise((resolve, reject) => {
    const req = make(tx.objectStore(store));
    req.onerror = () => reject(req.error ?? new Error('IndexedDB: the request failed'));
    req.onsuccess = () => resolve(req.result);
  });
}

/** A new document id. */
export const newId = () => `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** This tab's document id (null: none chosen yet). */
export function tabDocument() {
  try { return sessionStorage.getItem(TAB_DOC); } catch { return null; }
}
/** Makes `id` this tab's document. @param {string} id */
export function setTabDocument(id) {
  try { sessionStorage.setItem(TAB_DOC, id); } catch { /* no sessionStorage: one document per load */ }
}
/**
 * The history state of an address this page wrote: the document it saves to and the link
 * (hash) it wrote. Kept with the address itself (a reload keeps both, in one step), so a
 * reload between an autosave and the link that follows it still finds the tab's own document.
 * @param {string|null} doc @param {string} hash
 */
export const linkState = (doc, hash) => ({ windowpane: { doc, link: hash } });

/** The document whose page wrote the current address's link, or null (a link from elsewhere). */
export function linkWriter() {
  const mark = history.state?.windowpane;
  return mark && typeof mark.doc === 'string' && mark.link === location.hash ? mark.doc : null;
}

/**
 * Saves a document; rejects with the browser's reason (quota, private mode) when it cannot.
 * The oldest documents beyond RECENT are let go, in the same transaction.
 * @param {Record} record
 */
export async function save(record) {
  const older = (await list()).filter((r) => r.id !== record.id).slice(RECENT - 1);
  db ??= open();
  const tx = (await db).transaction([DOCS, META], 'readwrite');
  tx.objectStore(DOCS).put(record);
  tx.objectStore(META).put({ id: record.id, title: record.title, savedAt: record.savedAt, edited: record.edited });
  for (const old of older) { tx.objectStore(DOCS).delete(old.id); tx.objectStore(META).delete(old.id); }
  // Kept only once the transaction commits (a reload can abort it before).
  await new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(undefined);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB: the save was aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB: the save failed'));
  });
}

/** When document `id` was last saved (by any tab), or null. @param {string} id @returns {Promise<number|null>} */
export async function savedAt(id) {
  try {
    const r = await read(META, (s) => s.get(id));
    return r ? r.savedAt : null;
  } catch {
    return null;
  }
}

/** The newest document the user changed, or null. @returns {Promise<Record|null>} */
export async function latestWork() {
  const work = (await list()).find((d) => d.edited);
  return work ? load(work.id) : null;
}

/** The documents saved, newest first, without their texts. @returns {Promise<Array<{id: string, title: string, savedAt: number, edited: boolean}>>} */
export async function list() {
  try {
    /** @type {Array<{id: string, title: string, savedAt: number, edited: boolean}>} */ const all = await read(META, (s) => s.getAll());
    return all.sort((a, b) => b.savedAt - a.savedAt);
  } catch {
    return [];
  }
}

/**
 * A saved document: `id`'s, else (no id) the newest one, else a save of the page before
 * documents had ids; null when nothing is saved (or there is no IndexedDB).
 * @param {string|null} [id] @returns {Promise<Record|null>}
 */
export async function load(id = null) {
  try {
    if (id !== null) {
      const r = await read(DOCS, (s) => s.get(id));
      return r && typeof r.text === 'string' ? r : null;
    }
    const newest = (await list())[0];
    if (newest) return load(newest.id);
    const saved = await read(STORE, (s) => s.get(KEY));
    if (saved && typeof saved.text === 'string') return legacy(saved);
  } catch { /* no IndexedDB here: nothing saved */ }
  return loadOld();
}

/** An older save as a document record. @param {Saved} saved @returns {Record} */
const legacy = (saved) => ({ ...saved, id: newId(), title: '', savedAt: 0, history: null, edited: true });

/** A save of the page before IndexedDB: `{scenario, compare}` in localStorage. @returns {Record|null} */
function loadOld() {
  try {
    const old = localStorage.getItem(OLD_KEY);
    if (!old) return null;
    const doc = JSON.parse(old);
    return legacy({ text: JSON.stringify(doc.scenario), head: null, compare: doc.compare ? JSON.stringify(doc.compare) : null });
  } catch {
    return null;
  }
}

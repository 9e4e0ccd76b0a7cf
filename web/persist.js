/**
 * Autosave: the document in IndexedDB, whatever its size, so a reload loses nothing. What is saved
 * is a scenario text, never a re-serialized object when the user gave one: the exact text they
 * typed, pasted, uploaded or opened from a link (so that 2^53 + 1 or a duplicate key reads back
 * as it was written), plus, when only the rest of the scenario was edited since, the scenario
 * without its events as the page wrote it.
 *
 * A record: {text: string, head: string|null, compare: string|null}: `text` a scenario text;
 * `head` (optional) the current scenario without its listed events, which replace `text`'s all
 * but the events; `compare` pipeline B's JSON.
 */

const DB = 'windowpane';
const STORE = 'autosave';
const KEY = 'document';
/** Where the page saved before (a JSON document; read once, for an older save). */
const OLD_KEY = 'windowpane:doc';

/** @typedef {{text: string, head: string|null, compare: string|null}} Saved */

/** @returns {Promise<IDBDatabase>} */
function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB: cannot open'));
  });
}

/** @type {Promise<IDBDatabase>|null} */ let db = null;

/**
 * Runs one request on the store.
 * @template T @param {IDBTransactionMode} mode @param {(s: IDBObjectStore) => IDBRequest<T>} make @returns {Promise<T>}
 */
async function request(mode, make) {
  db ??= open();
  const tx = (await db).transaction(STORE, mode);
  return new Promise((resolve, reject) => {
    const req = make(tx.objectStore(STORE));
    req.onerror = () => reject(req.error ?? new Error('IndexedDB: the request failed'));
    // A write is kept only once its transaction commits (a reload can abort it before).
    if (mode === 'readwrite') {
      tx.oncomplete = () => resolve(req.result);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB: the save was aborted'));
    } else {
      req.onsuccess = () => resolve(req.result);
    }
  });
}

/**
 * Saves the document; rejects with the browser's reason (quota, private mode) when it cannot.
 * @param {Saved} saved
 */
export async function save(saved) {
  await request('readwrite', (s) => s.put(saved, KEY));
}

/** The saved document, or null (nothing saved, or no IndexedDB). @returns {Promise<Saved|null>} */
export async function load() {
  try {
    const saved = await request('readonly', (s) => s.get(KEY));
    if (saved && typeof saved.text === 'string') return saved;
  } catch { /* no IndexedDB here: nothing saved */ }
  return loadOld();
}

/** A save of the page before IndexedDB: `{scenario, compare}` in localStorage. @returns {Saved|null} */
function loadOld() {
  try {
    const old = localStorage.getItem(OLD_KEY);
    if (!old) return null;
    const doc = JSON.parse(old);
    return { text: JSON.stringify(doc.scenario), head: null, compare: doc.compare ? JSON.stringify(doc.compare) : null };
  } catch {
    return null;
  }
}

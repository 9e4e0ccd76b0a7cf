/** Autosave: the document in localStorage, so a reload loses nothing. */

const KEY = 'windowpane:doc';

/**
 * Saves a document (JSON text). Quota errors are reported, not thrown.
 * @param {string} json
 * @returns {boolean} whether it was saved
 */
export function save(json) {
  try {
    localStorage.setItem(KEY, json);
    return true;
  } catch {
    return false;
  }
}

/** The saved document text, or null. */
export function load() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

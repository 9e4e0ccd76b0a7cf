/**
 * The page's document and its history. The document is what the user edits:
 *   { scenario: <the scenario object, as written>, compare: <pipeline B object> | null }
 * It may be invalid (the engine says why); the last good run is kept elsewhere (app.js).
 */

/** @typedef {{scenario: any, compare: any|null}} Doc */

const LIMIT = 200;

/**
 * Validates a document's shape (not its meaning: that is the engine's job).
 * @param {unknown} doc
 * @returns {Doc}
 */
export function validateDoc(doc) {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`invalid document: ${String(doc)}`);
  const d = /** @type {any} */ (doc);
  if (!d.scenario || typeof d.scenario !== 'object' || Array.isArray(d.scenario)) {
    throw new Error(`invalid scenario: expected a JSON object, got ${Array.isArray(d.scenario) ? 'an array' : typeof d.scenario}`);
  }
  if (d.compare !== null && d.compare !== undefined && (typeof d.compare !== 'object' || Array.isArray(d.compare))) {
    throw new Error(`invalid compare pipeline: expected a JSON object`);
  }
  return { scenario: d.scenario, compare: d.compare ?? null };
}

/**
 * A store with undo and redo over whole documents (deep copies, as JSON).
 * @param {Doc} initial
 */
export function createStore(initial) {
  let current = JSON.stringify(validateDoc(initial));
  /**
   * The current document as an object, parsed at most once per change (a large document is
   * tens of megabytes of JSON: parsing it again for every read froze the page).
   * @type {Doc|null}
   */
  let cached = null;
  /** @type {string[]} */ const undoStack = [];
  /** @type {string[]} */ const redoStack = [];
  /** @type {Set<(doc: Doc) => void>} */ const listeners = new Set();

  /** @returns {Doc} */
  const peek = () => (cached ??= /** @type {Doc} */ (JSON.parse(current)));
  const notify = () => {
    for (const f of listeners) f(peek());
  };

  /** Moves one step from `from` to the current document, the current one onto `to`. @param {string[]} from @param {string[]} to */
  const shift = (from, to) => {
    const next = from.pop();
    if (next === undefined) return false;
    to.push(current);
    current = next;
    cached = null;
    notify();
    return true;
  };

  return {
    /** A fresh copy of the current document. @returns {Doc} */
    get: () => JSON.parse(current),
    /**
     * The current document, shared: read it, never change it (use `update`). No copy, so cheap
     * for large documents. @returns {Doc}
     */
    peek,
    /** The current document as compact JSON text. */
    json: () => current,
    /**
     * The scenario as compact JSON text, cut out of the document's text (no second stringify).
     * @returns {string}
     */
    scenarioJson() {
      const tail = `,"compare":${JSON.stringify(peek().compare)}}`;
      return current.slice('{"scenario":'.length, current.length - tail.length);
    },
    /**
     * Replaces the document. With `record` (the default) the previous one goes on the undo stack;
     * without, the change joins the last recorded step (e.g. the moves of one drag).
     * @param {Doc} doc
     * @param {{record?: boolean}} [opts]
     */
    set(doc, { record = true } = {}) {
      const valid = validateDoc(doc);
      const next = JSON.stringify({ scenario: valid.scenario, compare: valid.compare });
      if (next === current) return;
      if (record) {
        undoStack.push(current);
        if (undoStack.length > LIMIT) undoStack.shift();
        redoStack.length = 0;
      }
      current = next;
      // `doc` becomes the document: the caller hands it over and does not change it afterwards.
      cached = valid;
      notify();
    },
    /** Applies `change` to a copy and sets it. @param {(doc: Doc) => void} change @param {{record?: boolean}} [opts] */
    update(change, opts) {
      const doc = this.get();
      change(doc);
      this.set(doc, opts);
    },
    undo: () => shift(undoStack, redoStack),
    redo: () => shift(redoStack, undoStack),
    canUndo: () => undoStack.length > 0,
    canRedo: () => redoStack.length > 0,
    /** @param {(doc: Doc) => void} f */
    subscribe(f) { listeners.add(f); return () => listeners.delete(f); },
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */

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
 * Whether two JSON values are equal (plain objects, arrays, strings, numbers, booleans, null).
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for…in over plain JSON objects (no prototypes to walk): no key arrays made, which matters
  // for a million events.
  const x = /** @type {Record<string, unknown>} */ (a);
  const y = /** @type {Record<string, unknown>} */ (b);
  let keys = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !jsonEqual(x[k], y[k])) return false;
    keys++;
  }
  for (const _ in y) keys--;
  return keys === 0;
}

/**
 * The document without its listed events, as JSON: cheap to compare however many events there are.
 * @param {Doc} doc
 */
const headJson = (doc) => JSON.stringify({ scenario: { ...doc.scenario, events: Array.isArray(doc.scenario.events) ? null : doc.scenario.events }, compare: doc.compare });

/**
 * A copy of `doc` that the caller may change: everything is copied deeply except the listed
 * events, whose array is copied but whose event objects are shared (replace an event, never
 * change one in place). A million events copy in milliseconds this way.
 * @param {Doc} doc
 * @returns {Doc}
 */
function copyDoc(doc) {
  const { events, ...rest } = doc.scenario;
  const scenario = structuredClone(rest);
  if (events !== undefined) scenario.events = Array.isArray(events) ? events.slice() : structuredClone(events);
  return { scenario, compare: structuredClone(doc.compare) };
}

/** The undo and redo steps of a store, oldest first (what the autosave keeps across reloads). @typedef {{undo: Doc[], redo: Doc[]}} History */

/**
 * A store with undo and redo over whole documents. Documents are kept as objects, never
 * serialised to compare or to remember them (a document of a million events is 64 MB of JSON);
 * documents in the history share their events array while the events do not change, so "the
 * events are unchanged" is `a.scenario.events === b.scenario.events`.
 * @param {Doc} initial
 * @param {History|null} [history] steps to start with (a reload's: each gets its own events revision)
 */
export function createStore(initial, history = null) {
  /** @type {Doc} */ let current = copyDoc(validateDoc(initial));
  /**
   * A document of the history with the revision of its listed events: equal revisions, equal events.
   * @typedef {{doc: Doc, events: number}} Entry
   */
  /** @type {Entry[]} */ const undoStack = [];
  /** @type {Entry[]} */ const redoStack = [];
  /** The revision of the current document's listed events, and the last one given out. */
  let revisions = 1;
  for (const [docs, stack] of /** @type {Array<[Doc[], Entry[]]>} */ ([[history?.undo ?? [], undoStack], [history?.redo ?? [], redoStack]])) {
    for (const d of docs) stack.push({ doc: copyDoc(validateDoc(d)), events: ++revisions });
  }
  let revision = ++revisions;
  /** @type {Set<(doc: Doc) => void>} */ const listeners = new Set();

  /** @returns {Doc} */
  const peek = () => current;
  const notify = () => {
    for (const f of listeners) f(current);
  };
  /** @param {Doc} doc */
  const become = (doc) => {
    current = doc;
    notify();
  };

  /** Moves one step from `from` to the current document, the current one onto `to`. @param {Entry[]} from @param {Entry[]} to */
  const shift = (from, to) => {
    const next = from.pop();
    if (next === undefined) return false;
    to.push({ doc: current, events: revision });
    revision = next.events;
    become(next.doc);
    return true;
  };
  return {
    /** A copy of the current document, to change and `set` (see copyDoc). @returns {Doc} */
    get: () => copyDoc(current),
    /**
     * The current document, shared: read it, never change it (use `update`). No copy, so cheap
     * for large documents. @returns {Doc}
     */
    peek,
    /**
     * Replaces the document, unless it equals the current one. With `record` (the default) the
     * previous one goes on the undo stack; without, the change joins the last recorded step (e.g.
     * the moves of one drag). `doc` becomes the document: the caller hands it over and does not
     * change it afterwards.
     * @param {Doc} doc
     * @param {{record?: boolean}} [opts]
     */
    set(doc, { record = true } = {}) {
      const valid = validateDoc(doc);
      const next = { scenario: valid.scenario, compare: valid.compare };
      const events = current.scenario.events;
      const sameEvents = next.scenario.events === events || jsonEqual(next.scenario.events, events);
      if (sameEvents && events !== undefined) next.scenario = { ...next.scenario, events };
      if (sameEvents && headJson(next) === headJson(current)) return;
      if (record) {
        undoStack.push({ doc: current, events: revision });
        if (undoStack.length > LIMIT) undoStack.shift();
        redoStack.length = 0;
      }
      if (!sameEvents) revision = ++revisions;
      become(next);
    },
    /** Applies `change` to a copy and sets it. @param {(doc: Doc) => void} change @param {{record?: boolean}} [opts] */
    update(change, opts) {
      const doc = this.get();
      change(doc);
      this.set(doc, opts);
    },
    undo: () => shift(undoStack, redoStack),
    redo: () => shift(redoStack, undoStack),
    /**
     * The revision of the current document's listed events: it changes exactly when they do (the
     * run client sends the events again only then).
     */
    eventsRevision: () => revision,
    canUndo: () => undoStack.length > 0,
    /** The undo and redo steps (shared documents: read them, never change them). @returns {History} */
    history: () => ({ undo: undoStack.map((e) => e.doc), redo: redoStack.map((e) => e.doc) }),
    canRedo: () => redoStack.length > 0,
    /** @param {(doc: Doc) => void} f */
    subscribe(f) { listeners.add(f); return () => listeners.delete(f); },
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */

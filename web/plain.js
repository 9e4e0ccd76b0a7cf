/** Turns façade results into plain JSON-like values (serde-wasm-bindgen may give Maps). */

/**
 * Deep-converts Maps to objects; parses a string that holds a JSON object or array.
 * @param {unknown} v
 * @returns {any}
 */
export function plain(v) {
  if (v instanceof Map) {
    /** @type {Record<string, unknown>} */ const o = {};
    for (const [k, x] of v) o[String(k)] = plain(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    /** @type {Record<string, unknown>} */ const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

/**
 * Normalises a run() result: plain values, `scenario` parsed when it came as a JSON string.
 * @param {unknown} raw
 */
export function runResult(raw) {
  const out = plain(raw);
  if (typeof out?.scenario === 'string') {
    try { out.scenario = JSON.parse(out.scenario); } catch { /* leave it as given */ }
  }
  return out;
}

/**
 * The document in the URL: `#s=<scenario>`, when comparing `&b=<pipeline B>`, and the timeline's
 * processing time `&at=12:05:59` (a scenario time, as the façade writes it; absent: the end).
 * Each part is `z.` + base64url(deflate-raw(JSON)) when CompressionStream exists, or
 * `j.` + base64url(JSON). A part without a prefix is read as plain base64url JSON.
 */

/** @param {Uint8Array} bytes */
function toBase64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text */
function fromBase64url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** @param {Uint8Array} bytes @param {CompressionStream|DecompressionStream} stream */
async function pipe(bytes, stream) {
  const out = new Response(new Blob([/** @type {BlobPart} */ (bytes)]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/**
 * Encodes a JSON text for the URL.
 * @param {string} json
 */
export async function encodePart(json) {
  const bytes = new TextEncoder().encode(json);
  if (typeof CompressionStream === 'function') return `z.${toBase64url(await pipe(bytes, new CompressionStream('deflate-raw')))}`;
  return `j.${toBase64url(bytes)}`;
}

/**
 * Decodes a part back to its JSON text. Throws an Error naming the problem.
 * @param {string} part
 */
export async function decodePart(part) {
  try {
    if (part.startsWith('z.')) {
      return new TextDecoder().decode(await pipe(fromBase64url(part.slice(2)), new DecompressionStream('deflate-raw')));
    }
    return new TextDecoder().decode(fromBase64url(part.startsWith('j.') ? part.slice(2) : part));
  } catch (e) {
    throw new Error(`invalid URL scenario: could not decode it (${e instanceof Error ? e.message : e})`);
  }
}

/**
 * The hash for a document.
 * @param {string} scenarioJson
 * @param {string|null} compareJson
 * @param {string|null} [at] the timeline's time, as a scenario time text (null: the end)
 */
export async function encodeHash(scenarioJson, compareJson, at = null) {
  let hash = `s=${await encodePart(scenarioJson)}`;
  if (compareJson !== null) hash += `&b=${await encodePart(compareJson)}`;
  return withAt(`#${hash}`, at);
}

/**
 * `hash` with its `at` part set to `at` (null: taken out), the rest as it was.
 * @param {string} hash @param {string|null} at
 */
export function withAt(hash, at) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (at === null) params.delete('at'); else params.set('at', at);
  const text = params.toString().replace(/%3A/gi, ':');
  return text ? `#${text}` : '';
}

/**
 * Reads a hash: {scenario, compare} as JSON texts and `at` as written, or null when the hash
 * holds no scenario.
 * @param {string} hash
 * @returns {Promise<{scenario: string, compare: string|null, at: string|null}|null>}
 */
export async function decodeHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const s = params.get('s');
  if (!s) return null;
  const b = params.get('b');
  return { scenario: await decodePart(s), compare: b ? await decodePart(b) : null, at: params.get('at') };
}

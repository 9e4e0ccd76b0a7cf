/** Files out and in: scenario JSON download/upload, chart as SVG (pg.render_svg) and PNG (canvas.toBlob). */
import { download } from './dom.js';

/**
 * A file name from a scenario's title.
 * @param {any} scenario
 * @param {string} ext
 */
export function fileName(scenario, ext) {
  const title = typeof scenario?.title === 'string' && scenario.title.trim() ? scenario.title : 'scenario';
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'scenario';
  return `${slug}.${ext}`;
}

/**
 * Downloads the scenario: the text the user gave when it is theirs (byte for byte), else its JSON.
 * @param {any} scenario @param {string|Blob} [text]
 */
export function downloadScenario(scenario, text) {
  download(fileName(scenario, 'json'), new Blob([text ?? `${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' }));
}

/**
 * Downloads the chart of `text` as SVG.
 * @param {any} pg
 * @param {string} text
 * @param {any} scenario
 * @param {{at: number|null, width: number, height: number}} opts
 */
export function downloadSvg(pg, text, scenario, opts) {
  const svg = pg.render_svg(text, opts);
  if (typeof svg !== 'string' || !svg.includes('<svg')) throw new Error('invalid SVG from render_svg');
  download(fileName(scenario, 'svg'), new Blob([svg], { type: 'image/svg+xml' }));
}

/**
 * Downloads a canvas as PNG.
 * @param {HTMLCanvasElement} canvas
 * @param {any} scenario
 */
export function downloadPng(canvas, scenario) {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => {
    if (!blob) { reject(new Error('the canvas could not be encoded as PNG')); return; }
    download(fileName(scenario, 'png'), blob);
    resolve(blob);
  }, 'image/png'));
}

/**
 * Reads an uploaded file as text.
 * @param {Blob} file
 */
export function readFile(/** @type {Blob} */ file) {
  // Decoded keeping a byte order mark (File.text() drops it): the façade then refuses it, as the CLI does.
  return file.arrayBuffer().then((bytes) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
}

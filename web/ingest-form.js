/**
 * The transport settings in the pipeline editor: the `ingest` section (transport type, shards,
 * write limit, consumer batch size / window / parallelization, SQS settings, record size) and
 * the `ingest` watermark's idle timeout. Edits the section as written; the scenario crate judges
 * every value and its errors land next to the control with the same data-path.
 *
 * Choosing a transport for listed events makes their arrival times the times they are sent (the
 * transport computes the arrivals); removing it gives each event the arrival the transport gave
 * it in the last run, and an `ingest` watermark the path it followed.
 */
import { el, select, textInput, field, scenarioValue } from './dom.js';
import { arrivalsToSent, sentToArrivals } from './transport-data.js';

const TYPES = ['direct', 'kinesis', 'sqs_fifo', 'sqs_standard'];
const TEMPLATE = /** @type {Record<string, any>} */ ({
  direct: { type: 'direct' },
  kinesis: { type: 'kinesis', shards: 4 },
  sqs_fifo: { type: 'sqs_fifo' },
  sqs_standard: { type: 'sqs_standard' },
});

/** Each transport's fields: [path under `ingest`, label]. */
const FIELDS = /** @type {Record<string, Array<[string, string]>>} */ ({
  direct: [],
  kinesis: [
    ['shards', 'shards'],
    ['write_limit', 'write limit (records/s per shard)'],
    ['put_batch', 'records per PutRecords'],
    ['retry.base', 'retry backoff base'],
    ['retry.max', 'retry backoff max'],
    ['consumer.batch_size', 'consumer batch size'],
    ['consumer.batch_window', 'consumer batch window'],
    ['consumer.parallelization', 'consumer parallelization'],
    ['consumer.record_time', 'time per record'],
    ['consumer.batch_overhead', 'time per batch'],
  ],
  sqs_fifo: [
    ['ops_limit', 'API calls per second'],
    ['send_batch', 'messages per send batch'],
    ['retry.base', 'retry backoff base'],
    ['retry.max', 'retry backoff max'],
    ['consumer.batch_size', 'consumer batch size'],
    ['consumer.concurrency', 'consumer concurrency'],
    ['consumer.record_time', 'time per record'],
    ['consumer.batch_overhead', 'time per batch'],
  ],
  sqs_standard: [
    ['duplicate_rate', 'duplicate rate'],
    ['visibility_timeout', 'visibility timeout'],
    ['consumer.batch_size', 'consumer batch size'],
    ['consumer.concurrency', 'consumer concurrency'],
    ['consumer.record_time', 'time per record'],
    ['consumer.batch_overhead', 'time per batch'],
  ],
});

/**
 * Builds the form.
 * @param {any} scenario the scenario as written
 * @param {(change: (scenario: any) => void) => void} edit applies a change to a copy of the scenario
 * @param {() => import('./transport-data.js').TransportEvents|null} [journeys] the last run's way through the transport
 * @returns {HTMLElement}
 */
export function ingestForm(scenario, edit, journeys = () => null) {
  const ingest = scenario.ingest && typeof scenario.ingest === 'object' ? scenario.ingest : undefined;
  const type = ingest ? String(ingest.type ?? '') : '';
  const box = el('fieldset', { class: 'ingest', 'data-path': 'ingest' }, el('legend', {}, 'Transport (before the pipeline)'),
    field('transport', select('ingest.type', [['', '(none)'], ...TYPES], type,
      (t) => edit((s) => {
        if (t === '') { delete s.ingest; sentToArrivals(s, journeys()); return; }
        s.ingest = { ...TEMPLATE[t] };
        arrivalsToSent(s);
      }))));
  if (!ingest) return box;
  for (const [path, label] of FIELDS[type] ?? []) {
    box.append(field(label, textInput(`ingest.${path}`, getPath(ingest, path),
      (v) => edit((s) => { s.ingest = setPath(s.ingest, path, scenarioValue(v)); }))));
  }
  box.append(field('record size (bytes)', textInput('ingest.record_bytes', ingest.record_bytes,
    (v) => edit((s) => { s.ingest = setPath(s.ingest, 'record_bytes', scenarioValue(v)); }))));
  const wm = scenario.watermark && typeof scenario.watermark === 'object' ? scenario.watermark : undefined;
  if (wm?.model === 'ingest') {
    box.append(field('watermark idle timeout', textInput('watermark.idle_timeout', wm.idle_timeout,
      (v) => edit((s) => { s.watermark = setPath(s.watermark, 'idle_timeout', scenarioValue(v)); }), { placeholder: 'none' })));
  } else {
    box.append(el('p', { class: 'hint' }, 'The watermark follows the transport\'s shards with the ingest model: ',
      el('button', { type: 'button', class: 'use-ingest-watermark', onclick: () => edit((s) => { s.watermark = { model: 'ingest' }; }) }, 'use it')));
  }
  return box;
}

/** @param {any} obj @param {string} path dotted */
export function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
}

/**
 * A copy of `obj` with `path` set (undefined: removed; an emptied parent object is removed too).
 * @param {any} obj @param {string} path dotted @param {any} value
 * @returns {any}
 */
export function setPath(obj, path, value) {
  const [head, ...rest] = path.split('.');
  const next = { ...(obj && typeof obj === 'object' ? obj : {}) };
  const v = rest.length ? setPath(next[head], rest.join('.'), value) : value;
  if (v === undefined || (rest.length && Object.keys(v).length === 0)) delete next[head]; else next[head] = v;
  return next;
}

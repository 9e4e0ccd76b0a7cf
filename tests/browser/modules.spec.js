// The page's pure modules, in Node: URL encoding, error paths, pixel mapping,
// undo/redo, the runner's choice of worker. (No engine semantics live in these; they are the page's own plumbing.)
import { test, expect } from '@playwright/test';
import { encodeHash, decodeHash } from '../../web/url.js';
import { splitError, ancestors } from '../../web/errors.js';
import { parseLayout, toPixel, fromPixel } from '../../web/layout.js';
import { createStore } from '../../web/store.js';
import { createRunner, WORKER_THRESHOLD, SUPERSEDE_AFTER } from '../../web/runner.js';

test('URL parts round-trip, compressed and with pipeline B', async () => {
  const scenario = JSON.stringify({ format: 'windowpane/1', title: 'ü ✓', events: [] });
  const hash = await encodeHash(scenario, '{"combine":"sum"}');
  expect(hash).toMatch(/^#s=z\.[A-Za-z0-9_-]+&b=z\./);
  expect(await decodeHash(hash)).toEqual({ scenario, compare: '{"combine":"sum"}' });
  expect(await decodeHash(`#s=${Buffer.from(scenario).toString('base64url')}`)).toEqual({ scenario, compare: null });
  expect(await decodeHash('#nothing')).toBeNull();
  await expect(decodeHash('#s=z.AAAA')).rejects.toThrow('invalid URL scenario');
});

test('error messages split into path and message; paths have ancestors', () => {
  expect(splitError('pipeline.trigger.early.delay: expected a duration like "1m", got "1 minute"'))
    .toEqual({ path: 'pipeline.trigger.early.delay', message: 'expected a duration like "1m", got "1 minute"' });
  expect(splitError('no path here')).toEqual({ path: null, message: 'no path here' });
  expect(ancestors('pipeline.trigger.triggers[1].count'))
    .toEqual(['pipeline.trigger.triggers[1].count', 'pipeline.trigger.triggers[1]', 'pipeline.trigger.triggers', 'pipeline.trigger', 'pipeline']);
});

test('pixel mapping inverts, processing time up', () => {
  const l = parseLayout({ plot: { x: 40, y: 10, width: 600, height: 300 }, event_time: { min: 0, max: 60_000 }, processing_time: { min: 0, max: 30_000 } });
  expect(toPixel(l, 0, 0)).toEqual({ x: 40, y: 310 });
  expect(toPixel(l, 60_000, 30_000)).toEqual({ x: 640, y: 10 });
  expect(fromPixel(l, 340, 160, 1000)).toEqual({ eventTime: 30_000, processingTime: 15_000 });
  expect(() => parseLayout({ plot: { x: 0, y: 0, width: 0, height: 1 }, event_time: { min: 0, max: 1 }, processing_time: { min: 0, max: 1 } })).toThrow('invalid layout.plot');
});

test('undo/redo: unrecorded changes join the last step', () => {
  const s = createStore({ scenario: { n: 1 }, compare: null });
  s.set({ scenario: { n: 2 }, compare: null });
  s.set({ scenario: { n: 3 }, compare: null }, { record: false });
  expect(s.undo()).toBe(true);
  expect(s.get().scenario.n).toBe(1);
  expect(s.undo()).toBe(false);
  expect(s.redo()).toBe(true);
  expect(s.get().scenario.n).toBe(3);
});

test('the runner replaces a worker busy with an old run when a newer run is asked for', async () => {
  /** A stand-in for the page's Worker: records what it is sent, answers when told to. */
  class FakeWorker {
    constructor() { this.sent = []; this.terminated = false; workers.push(this); }
    postMessage(m) { this.sent.push(m); }
    terminate() { this.terminated = true; }
  }
  /** @type {FakeWorker[]} */ const workers = [];
  const saved = globalThis.Worker;
  globalThis.Worker = FakeWorker;
  try {
    const kept = [];
    const pg = {
      work_per_event: () => 1,
      keep_run: (head, output) => { kept.push(output); return { id: kept.length, panes: 0, dropped: 0, late: 0, first: null, last: null }; },
      release_run: () => {},
    };
    const runner = createRunner(pg);
    const job = () => ({ scenario: { events: new Array(WORKER_THRESHOLD) }, head: '{"events":[]}', text: () => 'whole text', count: WORKER_THRESHOLD });
    const columns = { event_time: new Float64Array(0), arrival: new Float64Array(0), value: new Float64Array(0), key: new Uint32Array(0), keys: [] };
    const answer = (w, i) => w.onmessage({ data: { id: w.sent[i].id, parts: { output: new Uint8Array([i]), scenario: '{}', events: columns } } });

    // Two runs asked for at once go to the same worker, in turn.
    const a = runner.run(job());
    const b = runner.run(job());
    expect(workers).toHaveLength(1);
    expect(workers[0].sent).toHaveLength(2);
    answer(workers[0], 0);
    answer(workers[0], 1);
    await a; await b;
    expect(kept).toHaveLength(2);

    // A run still going after SUPERSEDE_AFTER is abandoned for a newer one, on a new worker.
    const old = runner.run(job());
    const failed = old.then(() => 'resolved', (e) => e.message);
    await new Promise((r) => setTimeout(r, SUPERSEDE_AFTER + 100));
    const newer = runner.run(job());
    expect(await failed).toBe('superseded by a newer edit');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1].sent[0].text).toBe('whole text'); // a new worker holds no events
    answer(workers[1], 0);
    expect((await newer).id).toBe(3);
  } finally {
    globalThis.Worker = saved;
  }
});

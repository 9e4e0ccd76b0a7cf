// The page's pure modules, in Node: URL encoding, error paths, pixel mapping,
// undo/redo, the run client's protocol. (No engine semantics live in these; they are the page's own plumbing.)
import { test, expect } from '@playwright/test';
import { encodeHash, decodeHash, withAt } from '../../web/url.js';
import { splitError, ancestors } from '../../web/errors.js';
import { parseLayout, toPixel, fromPixel } from '../../web/layout.js';
import { createStore } from '../../web/store.js';
import { createRunner, SUPERSEDE_AFTER } from '../../web/runner.js';

test('URL parts round-trip, compressed and with pipeline B', async () => {
  const scenario = JSON.stringify({ format: 'windowpane/1', title: 'ü ✓', events: [] });
  const hash = await encodeHash(scenario, '{"combine":"sum"}');
  expect(hash).toMatch(/^#s=z\.[A-Za-z0-9_-]+&b=z\./);
  expect(await decodeHash(hash)).toEqual({ scenario, compare: '{"combine":"sum"}', at: null });
  expect(await decodeHash(`#s=${Buffer.from(scenario).toString('base64url')}`)).toEqual({ scenario, compare: null, at: null });
  // The timeline's time rides along, readable, and can be set and taken out again.
  const timed = await encodeHash(scenario, null, '12:06:00');
  expect(timed).toMatch(/^#s=z\.[A-Za-z0-9_-]+&at=12:06:00$/);
  expect(await decodeHash(timed)).toEqual({ scenario, compare: null, at: '12:06:00' });
  expect(withAt(timed, '12:07:30.250')).toBe(timed.replace('12:06:00', '12:07:30.250'));
  expect(withAt(timed, null)).toBe(await encodeHash(scenario, null));
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

test('the store gives the listed events a revision that changes exactly when they do, undo included', () => {
  const ev = (n) => Array.from({ length: n }, (_, i) => ({ key: 'k', value: i }));
  const s = createStore({ scenario: { title: 'a', events: ev(2) }, compare: null });
  const first = s.eventsRevision();
  s.update((d) => { d.scenario.title = 'b'; });
  expect(s.eventsRevision()).toBe(first); // the pipeline or title changed, not the events
  s.set({ scenario: { title: 'b', events: ev(2) }, compare: null }); // equal events, another array
  expect(s.eventsRevision()).toBe(first);
  s.update((d) => { d.scenario.events.push({ key: 'k', value: 9 }); });
  const second = s.eventsRevision();
  expect(second).not.toBe(first);
  expect(s.undo()).toBe(true);
  expect(s.eventsRevision()).toBe(first);
  expect(s.redo()).toBe(true);
  expect(s.eventsRevision()).toBe(second);
});

test('the run client sends one run at a time, drops outdated ones, reuses kept events and replaces a busy worker', async () => {
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
    const runner = createRunner();
    const job = (events, exact = false) => ({ head: '{"events":[]}', text: () => 'whole text', events, exact });
    const columns = { event_time: new Float64Array(0), arrival: new Float64Array(0), value: new Float64Array(0), key: new Uint32Array(0), keys: [] };
    const info = (events) => ({ panes: 0, dropped: 0, late: 0, first: null, last: null, scenario: '{}', events, holds: true,
      marks: new Uint8Array(0), panesFirst: [], droppedFirst: [], ms: 1 });
    const runs = (w) => w.sent.filter((m) => m.call === 'run');
    const answer = (w, i, events = columns) => w.onmessage({ data: { id: runs(w)[i].id, value: info(events) } });

    // Three runs asked for at once: the first is sent, the second is replaced by the third.
    const a = runner.run('a', job(1));
    const b = runner.run('a', job(1)).then(() => 'resolved', (e) => `${e.name}: ${e.message}`);
    const c = runner.run('a', job(1));
    expect(workers).toHaveLength(1);
    expect(runs(workers[0])).toHaveLength(1);
    expect(await b).toBe('Cancelled: replaced by a newer run');
    answer(workers[0], 0);
    expect((await a).paneCount).toBe(0);
    // The session now keeps the events of revision 1: the third run sends only the head.
    expect(runs(workers[0])).toHaveLength(2);
    expect(runs(workers[0])[0]).toMatchObject({ text: 'whole text', same: false, session: 'a' });
    expect(runs(workers[0])[1]).toMatchObject({ text: '{"events":[]}', same: true });
    answer(workers[0], 1, null);
    const third = await c;
    expect(third.columns).toBe((await a).columns); // unchanged events are not sent back
    // Other events, or a text the user gave, go whole.
    const d = runner.run('a', job(2));
    expect(runs(workers[0])[2]).toMatchObject({ text: 'whole text', same: false });
    answer(workers[0], 2);
    await d;
    const e = runner.run('a', job(2, true));
    expect(runs(workers[0])[3]).toMatchObject({ text: 'whole text', same: false });
    answer(workers[0], 3);
    await e;
    // A query names its run; a stale answer rejects as Cancelled.
    const q = runner.query('a', third.id, 'reason', { i: 0 }).then(() => 'resolved', (err) => err.name);
    const asked = workers[0].sent.at(-1);
    expect(asked).toMatchObject({ call: 'reason', run: third.id, i: 0, session: 'a' });
    workers[0].onmessage({ data: { id: asked.id, stale: true } });
    expect(await q).toBe('Cancelled');

    // A run still going after SUPERSEDE_AFTER is abandoned for a newer one, on a new worker.
    const old = runner.run('a', job(2));
    const failed = old.then(() => 'resolved', (err) => err.message);
    await new Promise((r) => setTimeout(r, SUPERSEDE_AFTER + 100));
    const newer = runner.run('a', job(2));
    expect(await failed).toBe('superseded by a newer edit');
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(runs(workers[1])[0].text).toBe('whole text'); // a new worker holds no events
    answer(workers[1], 0);
    await newer;
    // Cancel: the run going is stopped by replacing the worker.
    const going = runner.run('a', job(3)).then(() => 'resolved', (err) => err.message);
    runner.cancel();
    expect(await going).toBe('cancelled');
    expect(workers[1].terminated).toBe(true);
  } finally {
    globalThis.Worker = saved;
  }
});

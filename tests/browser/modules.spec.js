// The page's pure modules, in Node: generator determinism, URL encoding, error paths, pixel mapping,
// undo/redo. (No engine semantics live in these; they are the page's own plumbing.)
import { test, expect } from '@playwright/test';
import { generateEvents, defaultSpec } from '../../web/generate.js';
import { encodeHash, decodeHash } from '../../web/url.js';
import { splitError, ancestors } from '../../web/errors.js';
import { parseLayout, toPixel, fromPixel } from '../../web/layout.js';
import { createStore } from '../../web/store.js';
import { scenarioTime } from '../../web/time.js';

test('the generator is deterministic in its seed and sorted by arrival', () => {
  const a = generateEvents(defaultSpec);
  expect(generateEvents(defaultSpec)).toEqual(a);
  expect(generateEvents({ ...defaultSpec, seed: 2 })).not.toEqual(a);
  expect(new Set(a.map((e) => e.key))).toEqual(new Set(['A', 'B']));
  for (let i = 1; i < a.length; i++) expect(a[i].arrival).toBeGreaterThanOrEqual(a[i - 1].arrival);
  for (const e of a) expect(e.arrival).toBeGreaterThanOrEqual(e.event_time);
  expect(() => generateEvents({ ...defaultSpec, keys: 0 })).toThrow('invalid keys: 0');
});

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

test('times written back are exact', () => {
  expect(scenarioTime(43_499_250, {})).toBe('12:04:59.250');
  expect(scenarioTime(43_499_000, { base: '2024-01-01' })).toBe('1970-01-01T12:04:59.000Z');
  expect(scenarioTime(86_400_000, {})).toBe('1970-01-02T00:00:00.000Z');
});

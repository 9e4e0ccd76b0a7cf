// The model written once: the page's times, durations, generator and vocabulary come from the
// Rust crates through the façade (crates/wasm/src/model.rs), not from copies in JS.
import { test, expect } from '@playwright/test';
import { openPage, load, state, snapshot } from './helpers.js';

/** Calls a free function of the façade's module in the page. */
const call = (page, name, ...args) => page.evaluate(async ({ name, args }) => {
  const m = await import('/web/pkg/windowpane_wasm.js');
  try { return { ok: true, value: m[name](...args) }; } catch (e) { return { ok: false, message: e.message }; }
}, { name, args });

test('times and durations are written as the CLI writes them', async ({ page }) => {
  await openPage(page);
  expect((await call(page, 'format_duration', 0)).value).toBe('0ms'); // the JS copy wrote "0s"
  expect((await call(page, 'format_duration', 90_000)).value).toBe('1m30s');
  expect((await call(page, 'format_clock', 43_499_250)).value).toBe('12:04:59.250');
  expect((await call(page, 'format_clock', null)).value).toBe('+∞');
  expect((await call(page, 'format_clock', 86_410_000)).value).toBe('1970-01-02 00:00:10');
  // Written back into a scenario, a time reads back exactly (RFC 3339 off the base date).
  expect((await call(page, 'write_time', 86_400_000)).value).toBe('1970-01-02T00:00:00Z');
  expect((await call(page, 'parse_time', '1970-01-02T00:00:00Z')).value).toBe(86_400_000);
  const base = (await call(page, 'parse_date', '2024-01-01')).value;
  expect((await call(page, 'write_time', base + 43_499_000, base)).value).toBe('12:04:59');
  expect((await call(page, 'parse_duration', '1 minute')).message).toContain('expected a duration like');
  // The pane table shows the day after the base date the CLI's way.
  await load(page, JSON.stringify({ format: 'windowpane/1', events: [{ key: 'k', value: 1, event_time: '1970-01-02T00:00:10Z', arrival: '1970-01-02T00:00:11Z' }],
    pipeline: { window: { type: 'fixed', size: '1m' } } }));
  await expect(page.locator('#output-a .panes-table tbody tr').first()).toContainText('[1970-01-02 00:00:00, 1970-01-02 00:01:00)');
});

test('the Generate button lists the events of the Rust generate section', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, JSON.stringify({ format: 'windowpane/1', events: [], pipeline: { window: { type: 'fixed', size: '1m' } } }));
  await page.locator('[role=tab][data-tab="events"]').click();
  const form = page.locator('form.generator');
  await form.locator('[name=devices]').fill('3');
  await form.locator('[name=rate]').fill('0.5');
  await form.locator('[name=duration]').fill('1m');
  await form.locator('[name=seed]').fill('7');
  await form.getByRole('button', { name: 'Generate' }).click();
  // 3 devices × 0.5 events/s × 60 s: 90 readings, keys device-0 … device-2.
  await expect.poll(async () => (await state(page)).scenario.events?.length).toBe(90);
  const s = await state(page);
  expect(new Set(s.scenario.events.map((e) => e.key))).toEqual(new Set(['device-0', 'device-1', 'device-2']));
  const section = { devices: { count: 3, key: 'device-{i}' }, rate: 0.5, start: '12:00:00', duration: '1m', seed: 7,
    delay: { type: 'exponential', mean: '30s' }, value: { type: 'uniform', min: 1, max: 9 } };
  const direct = (await call(page, 'generate_events', JSON.stringify({ format: 'windowpane/1', generate: section, pipeline: {} }))).value;
  expect(s.output.events.map((e) => [e.key, e.value, e.event_time, e.arrival])).toEqual(direct.map((e) => [e.key, e.value, e.event_time, e.arrival]));
  // A bad field is named by the Rust reader.
  await form.locator('[name=duration]').fill('soon');
  await form.getByRole('button', { name: 'Generate' }).click();
  await expect(form.locator('.field-error')).toContainText('generate.duration');
  await snapshot(page, testInfo, 'generated');
});

test('the pipeline form offers the vocabulary of the format', async ({ page }) => {
  await openPage(page);
  await page.locator('[role=tab][data-tab="pipeline"]').click();
  const windows = await page.locator('[data-path="pipeline.window.type"] option').evaluateAll((o) => o.map((x) => x.value));
  expect(windows).toEqual(['', 'global', 'fixed', 'sliding', 'sessions']);
  const triggers = await page.locator('[data-path="pipeline.trigger.type"] option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  expect(triggers).toEqual(['default', 'never', 'after_watermark', 'after_processing_time', 'after_count', 'repeatedly', 'after_each', 'after_any', 'after_all', 'or_finally']);
  await page.selectOption('[data-path="pipeline.window.type"]', 'sliding');
  await expect(page.locator('[data-path="pipeline.window.size"]')).toBeVisible();
  await expect(page.locator('[data-path="pipeline.window.period"]')).toBeVisible();
  await expect.poll(async () => (await state(page)).scenario.pipeline.window.type).toBe('sliding');
  const combines = await page.locator('[data-path="pipeline.combine"] option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  expect(combines).toEqual(['sum', 'count', 'min', 'max', 'mean', 'latest', 'collect']);
});

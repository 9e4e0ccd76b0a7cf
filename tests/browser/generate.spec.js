// The generator form keeps the scenario valid whatever the preset: Generate with the form's
// defaults on every preset gives a scenario the engine runs (the end of input moves past the new
// arrivals, a transport gets `sent` times, the preset's `generate` section is replaced), and the
// new rows never carry the late / dropped marks of the previous run.
import { test, expect } from '@playwright/test';
import { openPage, engine, snapshot, state } from './helpers.js';

/** The presets' ids and texts, from the façade. */
async function presets(page) {
  return page.evaluate(() => window.windowpane && import('/web/pkg/windowpane_wasm.js').then(async (m) => {
    await m.default();
    return new m.Playground().presets().map((p) => ({ id: p.id, text: p.text }));
  }));
}

/** Picks preset `id` in the toolbar's menu and waits for its run. */
async function pick(page, id) {
  await page.locator('#presets').selectOption(id);
  await page.waitForFunction((id) => window.windowpane.state().ready && window.windowpane.state().doc.scenario !== null, id);
}

/** Waits until the page shows the run of its current events (or their error). */
async function settle(page) {
  await expect.poll(async () => {
    const s = await state(page);
    return s.ready && (s.error !== null || s.text === JSON.stringify(s.scenario));
  }).toBe(true);
}

/** Clicks Generate with the defaults and waits until the page has run what it made. */
async function generate(page) {
  const before = (await state(page)).scenario;
  await page.locator('[role=tab][data-tab="events"]').click();
  await page.locator('form.generator').getByRole('button', { name: 'Generate' }).click();
  await expect.poll(async () => JSON.stringify((await state(page)).scenario) !== JSON.stringify(before)).toBe(true);
  await settle(page);
}

test('Generate with the defaults on every preset gives a valid scenario', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await openPage(page);
  const all = await presets(page);
  expect(all.length).toBeGreaterThan(10);
  const failures = [];
  for (const p of all) {
    await pick(page, p.id);
    await expect.poll(async () => (await state(page)).scenario.title ?? null).toBe(JSON.parse(p.text).title ?? null);
    await generate(page);
    const s = await state(page);
    // The engine's own check of the exact scenario the page now holds (not the page's word).
    const checked = await engine(page, 'check', JSON.stringify(s.scenario));
    if (!checked.ok || s.error !== null) failures.push(`${p.id}: ${checked.message ?? s.error}`);
    else {
      expect(Array.isArray(s.scenario.events) && s.scenario.events.length > 0, p.id).toBe(true);
      expect(s.scenario.generate, p.id).toBeUndefined();
      // With a transport the rows carry `sent`, never `arrival` (the transport computes it).
      const transported = s.scenario.ingest !== undefined;
      expect(s.scenario.events.every((e) => (transported ? e.sent !== undefined && e.arrival === undefined : e.arrival !== undefined)), p.id).toBe(true);
    }
  }
  expect(failures).toEqual([]);
  await snapshot(page, testInfo, 'last-preset-generated');
});

for (const width of [400, 1280]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('the end of input moves past the generated arrivals, and the new rows carry no old marks', async ({ page }, testInfo) => {
      await openPage(page);
      // A scenario whose second event is dropped and whose input ends early.
      const text = JSON.stringify({ format: 'windowpane/1', end_of_input: '12:03:00',
        events: [{ key: 'a', value: 1, event_time: '12:00:10', arrival: '12:00:20' }, { key: 'a', value: 2, event_time: '12:00:05', arrival: '12:02:30' }],
        watermark: { model: 'explicit', points: [{ at: '12:02:00', to: '12:02:00' }] },
        pipeline: { window: { type: 'fixed', size: '1m' } } });
      await page.evaluate((t) => window.windowpane.load(t), text);
      await page.locator('[role=tab][data-tab="events"]').click();
      await expect(page.locator('#tab-events tr[data-event="1"] td.status')).toHaveText('dropped');
      // Break the pipeline: no new run will mark the rows, so any mark shown would be the old run's.
      await page.locator('[role=tab][data-tab="pipeline"]').click();
      const lateness = page.locator('[data-path="pipeline.allowed_lateness"]');
      await lateness.fill('soon');
      await lateness.press('Enter');
      await expect.poll(async () => (await state(page)).error).toContain('pipeline.allowed_lateness');
      await page.locator('[role=tab][data-tab="events"]').click();
      await expect(page.locator('#tab-events tr[data-event="1"] td.status')).toHaveText('dropped'); // same events, same marks
      await page.locator('form.generator [name=duration]').fill('10m');
      await page.locator('form.generator').getByRole('button', { name: 'Generate' }).click();
      await expect.poll(async () => (await state(page)).scenario.events.length).toBeGreaterThan(100);
      await page.waitForTimeout(300); // a run that would mark them has had its chance
      const statuses = await page.locator('#tab-events tr[data-event] td.status').allTextContents();
      expect(statuses.length).toBe(100); // the first page
      expect(statuses.filter((t) => t !== '')).toEqual([]);
      // Mend the pipeline: the generated scenario runs, its end of input past every arrival.
      await page.locator('[role=tab][data-tab="pipeline"]').click();
      await lateness.fill('0s');
      await lateness.press('Enter');
      await expect.poll(async () => (await state(page)).error).toBeNull();
      const s = await state(page);
      const run = (await engine(page, 'run', JSON.stringify(s.scenario))).result;
      const last = Math.max(...run.events.map((e) => e.arrival));
      expect(run.scenario.end_of_input).toBeGreaterThanOrEqual(last);
      expect(last).toBeGreaterThan(Date.UTC(1970, 0, 1, 12, 9)); // the generated 10 minutes, not the old 3
      await page.locator('[role=tab][data-tab="events"]').click();
      await snapshot(page, testInfo, `generated-${width}`);
    });

    test('a bad generator field is shown at the field', async ({ page }) => {
      await openPage(page);
      await page.locator('[role=tab][data-tab="events"]').click();
      const form = page.locator('form.generator');
      await form.locator('[name=duration]').fill('soon');
      await form.getByRole('button', { name: 'Generate' }).click();
      const note = form.locator('.field-error');
      await expect(note).toContainText('generate.duration');
      await expect(form.locator('[name=duration]')).toHaveAttribute('aria-invalid', 'true');
      await expect(note).toBeInViewport();
    });
  });
}

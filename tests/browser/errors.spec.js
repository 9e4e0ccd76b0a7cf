// Bad input: the engine's error shows next to the field it names; the page keeps the last good state.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engine, engineRun, paneRowsCompared, expectedRows, snapshot, state } from './helpers.js';

const base = fixture('team-scores.json');

function withBadDelay() {
  const s = JSON.parse(base);
  s.pipeline.trigger = { type: 'after_watermark', early: { type: 'after_processing_time', delay: '1 minute' } };
  return JSON.stringify(s, null, 2);
}

test('a bad scenario typed in the JSON tab shows the engine\'s error at its field', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, base);
  const good = await engineRun(page, base);
  const bad = withBadDelay();
  const check = await engine(page, 'check', bad);
  expect(check.ok).toBe(false);

  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.locator('textarea.json').fill(bad);
  await page.locator('.json-editor button.apply').click();
  await expect.poll(async () => (await state(page)).error).toBe(check.message);

  // The message sits next to the control its path names, when the form has that control.
  const path = check.message.split(': ')[0];
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  const note = page.locator('.field-error').filter({ hasText: check.message });
  await expect(note).toBeVisible();
  const control = page.locator(`[data-path="${path}"]`);
  if (await control.count()) await expect(control).toHaveAttribute('aria-invalid', 'true');
  // The last good panes stay.
  await expect(page.locator('#stale')).toBeVisible();
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(good.panes));
  await snapshot(page, testInfo, 'bad-scenario');

  // Fixing the field clears the error.
  const delay = page.locator('[data-path="pipeline.trigger.early.delay"]');
  await delay.fill('1m');
  await delay.press('Enter');
  await expect.poll(async () => (await state(page)).error).toBeNull();
  await expect(page.locator('.field-error')).toHaveCount(0);
});

test('invalid JSON is reported in the editor and changes nothing', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.locator('textarea.json').fill('{"format": ');
  await page.locator('.json-editor button.apply').click();
  await expect(page.locator('.json-error')).toContainText('invalid JSON');
  expect((await state(page)).scenario).toEqual(JSON.parse(base));
});

test('a bad scenario in the URL shows its error and keeps a working page', async ({ page }, testInfo) => {
  const bad = withBadDelay();
  await openPage(page, `#s=${Buffer.from(bad).toString('base64url')}`);
  const check = await engine(page, 'check', bad);
  await expect.poll(async () => (await state(page)).error).toBe(check.message);
  // In the list of errors (the field is in another tab), one click from its field.
  await expect(page.locator('.error-list button.goto').filter({ hasText: check.message })).toBeVisible();
  await page.locator('.error-list button.goto').filter({ hasText: check.message }).click();
  await expect(page.locator('.field-error').filter({ hasText: check.message })).toBeVisible();
  // The last good state (the first preset) is on screen, and one undo returns to it.
  const s = await state(page);
  expect(s.output).not.toBeNull();
  await page.locator('#undo').click();
  await expect.poll(async () => (await state(page)).error).toBeNull();
  await snapshot(page, testInfo, 'bad-url-undone');
});

test('an undecodable URL shows a banner', async ({ page }) => {
  await openPage(page, '#s=z.!!!not-base64');
  await expect(page.locator('#banner')).toContainText('invalid URL scenario');
  expect((await state(page)).output).not.toBeNull();
});

/** A scenario with errors in many places: events on the first and the second page of the table, a nested trigger, the end of input. */
function manyErrors() {
  const s = JSON.parse(base);
  const events = [];
  for (let i = 0; i < 150; i++) {
    const m = String(Math.floor(i / 60)).padStart(2, '0');
    const sec = String(i % 60).padStart(2, '0');
    events.push({ key: 'TeamX', value: 1, event_time: `12:${m}:${sec}`, arrival: `12:0${3 + Math.floor(i / 60)}:${sec}` });
  }
  events[2].value = 'x';
  delete events[120].arrival;
  events[130].arrival = '12:30:00'; // after the end of input
  s.events = events;
  s.pipeline.trigger = { type: 'after_watermark', early: { type: 'repeatedly', trigger: { type: 'after_any', triggers: [
    { type: 'after_all', triggers: [{ type: 'after_count', count: 0 }, { type: 'after_processing_time', delay: '30s' }] },
    { type: 'after_count', count: 1 }] } } };
  return JSON.stringify(s, null, 1);
}

for (const width of [400, 1280]) {
  test.describe(`every error at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('all errors are listed, numbered as the table numbers its rows, each one click from its field', async ({ page }, testInfo) => {
      await openPage(page);
      const text = manyErrors();
      const all = await engine(page, 'errors', text, 50);
      expect(all.ok).toBe(true);
      const found = all.result;
      expect(found.map((e) => e.path).sort()).toEqual(['events[120].arrival', 'events[130].arrival', 'events[2].value',
        'pipeline.trigger.early.trigger.triggers[0].triggers[0].count'].sort());
      // Counted from 1, as the table's rows are.
      expect(found.find((e) => e.path === 'events[120].arrival').text).toMatch(/^events\[120\]\.arrival \(event 121\): /);
      await page.evaluate((t) => window.windowpane.load(t).catch(() => {}), text);
      await expect.poll(async () => (await state(page)).error).not.toBeNull();
      const items = page.locator('.error-list button.goto');
      await expect(items).toHaveCount(4);
      expect((await items.allTextContents()).sort()).toEqual(found.map((e) => e.text).sort());
      await snapshot(page, testInfo, `error-list-${width}`);

      // The event on the table's second page: one click shows that page with the field focused.
      await page.locator('[role=tab][data-tab="pipeline"]').click();
      await items.filter({ hasText: 'event 121' }).click();
      await expect(page.locator('#tab-events')).toBeVisible();
      await expect(page.locator('#tab-events .pager')).toContainText('page 2 of 2');
      await expect.poll(() => page.evaluate(() => document.activeElement?.dataset.path)).toBe('events[120].arrival');
      const row = page.locator('#tab-events tr[data-event="120"]');
      await expect(row.locator('td.num')).toHaveText('121');
      await expect(row.locator('.field-error')).toContainText('event 121');
      await expect(page.locator('[data-path="events[120].arrival"]')).toBeInViewport();
      // The nested trigger: one click opens the pipeline tab at that node.
      await items.filter({ hasText: 'triggers[0].count' }).click();
      await expect(page.locator('#tab-pipeline')).toBeVisible();
      const count = page.locator('[data-path="pipeline.trigger.early.trigger.triggers[0].triggers[0].count"]');
      await expect.poll(() => page.evaluate(() => document.activeElement?.dataset.path)).toBe('pipeline.trigger.early.trigger.triggers[0].triggers[0].count');
      await expect(count).toBeInViewport();
      await expect(page.locator('[data-path="pipeline.trigger.early.trigger.triggers[0].triggers[0]"] .field-error')).toBeVisible();
      // The event on the first page, from the second.
      await items.filter({ hasText: 'event 3' }).click();
      await expect(page.locator('#tab-events .pager')).toContainText('page 1 of 2');
      await expect.poll(() => page.evaluate(() => document.activeElement?.dataset.path)).toBe('events[2].value');
      await snapshot(page, testInfo, `error-at-field-${width}`);
    });
  });
}

test('a broken embed link shows only the error', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 720, height: 420 });
  const bad = withBadDelay();
  await page.goto(`/index.html?embed=1#s=${Buffer.from(bad).toString('base64url')}`);
  await page.waitForFunction(() => window.windowpane?.state().ready);
  const check = await engine(page, 'check', bad);
  await expect(page.locator('#banner')).toHaveText(check.message);
  await expect(page.locator('#chart-a')).toBeHidden();
  await expect(page.locator('.timeline')).toBeHidden();
  await snapshot(page, testInfo, 'embed-broken');
  // An undecodable link too (opened afresh, as a frame opens it).
  await page.goto('about:blank');
  await page.goto('/index.html?embed=1#s=z.!!!not-base64');
  await page.waitForFunction(() => window.windowpane?.state().ready);
  await expect(page.locator('#banner')).toContainText('invalid URL scenario');
  await expect(page.locator('#chart-a')).toBeHidden();
  await expect(page.locator('.timeline')).toBeHidden();
});

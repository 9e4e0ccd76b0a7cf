// Editing the pipeline with the forms: the pane list becomes the engine's panes for the new pipeline.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, paneRowsCompared, expectedRows, snapshot, state } from './helpers.js';

const base = fixture('team-scores.json');

test('adding late firings to the trigger changes the panes to the engine\'s', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, base);
  const before = await engineRun(page, base);
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(before.panes));

  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await page.selectOption('[data-path="pipeline.trigger.late.type"]', 'after_count');

  const edited = JSON.parse(base);
  edited.pipeline.trigger = { type: 'after_watermark', late: { type: 'after_count', count: 1 } };
  await expect.poll(async () => (await state(page)).scenario.pipeline.trigger).toEqual(edited.pipeline.trigger);
  const after = await engineRun(page, JSON.stringify(edited));
  expect(expectedRows(after.panes)).not.toEqual(expectedRows(before.panes)); // the edit matters
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(after.panes));

  // A nested composite: repeatedly(after_count 2) as the early firings.
  await page.selectOption('[data-path="pipeline.trigger.early.type"]', 'repeatedly');
  const count = page.locator('[data-path="pipeline.trigger.early.trigger.count"]');
  await count.fill('2');
  await count.press('Enter');
  edited.pipeline.trigger.early = { type: 'repeatedly', trigger: { type: 'after_count', count: 2 } };
  await expect.poll(async () => (await state(page)).scenario.pipeline.trigger).toEqual(edited.pipeline.trigger);
  const nested = await engineRun(page, JSON.stringify(edited));
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(nested.panes));

  // Accumulation mode through its select.
  await page.selectOption('[data-path="pipeline.accumulation"]', 'accumulating');
  edited.pipeline.accumulation = 'accumulating';
  const accumulating = await engineRun(page, JSON.stringify(edited));
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(accumulating.panes));
  await snapshot(page, testInfo, 'trigger-edited');
});

test('selecting a pane shows the engine\'s reason for it', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  const run = await engineRun(page, base);
  expect(run.reasons).toHaveLength(run.panes.length);
  await page.locator('#output-a .panes-table tbody tr').nth(0).click();
  await expect(page.locator('#output-a .reason-text')).toHaveText(run.reasons[0]);
});

test('compare: configuration B has its own chart and pane list', async ({ page }, testInfo) => {
  await openPage(page);
  await load(page, base);
  await page.check('#compare-toggle');
  await expect(page.locator('#pane-b')).toBeVisible();
  await page.locator('[data-config="b"]').click();
  await page.selectOption('[data-path="b:pipeline.window.type"]', 'sliding');
  const a = await engineRun(page, base);
  const bScenario = JSON.parse(base);
  bScenario.pipeline = { ...bScenario.pipeline, window: { type: 'sliding', size: '4m', period: '2m' } };
  await expect.poll(async () => (await state(page)).doc.compare.window).toEqual(bScenario.pipeline.window);
  const b = await engineRun(page, JSON.stringify(bScenario, null, 2));
  await expect.poll(() => paneRowsCompared(page, 'a')).toEqual(expectedRows(a.panes));
  await expect.poll(() => paneRowsCompared(page, 'b')).toEqual(expectedRows(b.panes));
  await snapshot(page, testInfo, 'compare');
});

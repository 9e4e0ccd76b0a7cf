// The trigger builder at any depth: a three-level trigger built by clicks (early firings =
// repeatedly → after_any → after_all with a count and a delay), sub-triggers added, moved and
// removed with the keyboard, every control as wide as its level, and a nested error shown at
// the node the engine's path names.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, snapshot, state } from './helpers.js';

const EARLY = 'pipeline.trigger.early';
const ANY = `${EARLY}.trigger`;
const ALL = `${ANY}.triggers[0]`;

for (const width of [400, 1280]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('a three-level trigger built by clicks, its nested error shown at its node', async ({ page }, testInfo) => {
      await openPage(page);
      await load(page, fixture('team-scores.json'));
      await page.locator('[role=tab][data-tab="pipeline"]').click();
      const pick = async (path, type) => {
        await page.locator(`[data-path="${path}.type"]`).selectOption(type);
        await expect(page.locator(`[data-path="${path}"]`)).toHaveAttribute('data-trigger-type', type);
      };
      const text = async (path, value) => {
        const box = page.locator(`[data-path="${path}"]`);
        await box.fill(value);
        await box.press('Enter');
      };
      await pick(EARLY, 'repeatedly');
      await pick(ANY, 'after_any');
      // after_any starts with two counts; the second becomes the after_all, then moves up by keyboard.
      await pick(`${ANY}.triggers[1]`, 'after_all');
      const up = page.locator(`[data-path="${ANY}.triggers"] > .trigger-child`).nth(1).locator('> .trigger-child-head .trigger-up');
      await up.focus();
      await page.keyboard.press('Enter');
      await expect(page.locator(`[data-path="${ALL}"]`)).toHaveAttribute('data-trigger-type', 'after_all');
      // The focus stayed on the node moved (now first: its "move down" button).
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.trigger-child')?.querySelector(':scope > .trigger')?.dataset.path)).toBe(ALL);
      // Add a sub-trigger to after_any, then remove it again.
      await page.locator(`[data-path="${ANY}.triggers"] > .add`).click();
      await expect(page.locator(`[data-path="${ANY}.triggers"] > .trigger-child`)).toHaveCount(3);
      await page.locator(`[data-path="${ANY}.triggers"] > .trigger-child`).nth(2).locator('> .trigger-child-head .trigger-remove').click();
      await expect(page.locator(`[data-path="${ANY}.triggers"] > .trigger-child`)).toHaveCount(2);
      // after_all: a count of 3 and a delay of 30 s.
      await text(`${ALL}.triggers[0].count`, '3');
      await pick(`${ALL}.triggers[1]`, 'after_processing_time');
      await text(`${ALL}.triggers[1].delay`, '30s');
      await expect.poll(async () => (await state(page)).scenario.pipeline.trigger.early).toEqual({
        type: 'repeatedly', trigger: { type: 'after_any', triggers: [
          { type: 'after_all', triggers: [{ type: 'after_count', count: 3 }, { type: 'after_processing_time', delay: '30s' }] },
          { type: 'after_count', count: 1 }] } });
      await expect.poll(async () => (await state(page)).error).toBeNull();
      // Every control of the tree is usable: wide enough and inside the page.
      const boxes = await page.locator('#tab-pipeline .trigger select, #tab-pipeline .trigger input[type=text]').evaluateAll((nodes) => nodes.map((n) => {
        const r = n.getBoundingClientRect();
        return { path: n.dataset.path, width: r.width, right: r.right };
      }));
      expect(boxes.length).toBeGreaterThan(8);
      for (const b of boxes) {
        expect(b.width, b.path).toBeGreaterThan(width < 500 ? 120 : 160);
        expect(b.right, b.path).toBeLessThanOrEqual(width);
      }
      // Deeper levels are indented further.
      const left = (path) => page.locator(`[data-path="${path}.type"]`).evaluate((n) => n.getBoundingClientRect().left);
      expect(await left(ANY)).toBeGreaterThan(await left(EARLY));
      expect(await left(ALL)).toBeGreaterThan(await left(ANY));
      expect(await left(`${ALL}.triggers[0]`)).toBeGreaterThan(await left(ALL));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snapshot(page, testInfo, `tree-${width}`);

      // A nested error: a count of 0. The engine names the path; the page shows it at that node.
      await text(`${ALL}.triggers[0].count`, '0');
      await expect.poll(async () => (await state(page)).error ?? '').toMatch(/^pipeline\.trigger\.early\.trigger\.triggers\[0\]\.triggers\[0\]\.count: /);
      const node = page.locator(`[data-path="${ALL}.triggers[0]"]`);
      const note = node.locator('.field-error');
      await expect(note).toHaveCount(1);
      await note.scrollIntoViewIfNeeded();
      await expect(note).toBeVisible();
      const [n, box] = await Promise.all([note.boundingBox(), node.boundingBox()]);
      expect(n.width).toBeGreaterThan(100);
      expect(n.x).toBeGreaterThanOrEqual(box.x);
      expect(n.x + n.width).toBeLessThanOrEqual(box.x + box.width + 1);
      await expect(page.locator(`[data-path="${ALL}.triggers[0].count"]`)).toHaveAttribute('aria-invalid', 'true');
      // The long message wraps inside its node: the page does not scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snapshot(page, testInfo, `tree-error-${width}`);
    });
  });
}

// Embed mode: only the chart and the timeline, sized for an iframe.
import { test, expect } from '@playwright/test';
import { fixture, snapshot, state } from './helpers.js';

const base = fixture('team-scores.json');

test('?embed=1 shows only the chart and the timeline, fitting the frame', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 720, height: 420 });
  await page.goto(`/index.html?embed=1#s=${Buffer.from(base).toString('base64url')}`);
  await page.waitForFunction(() => window.windowpane?.state().ready && window.windowpane.state().output !== null);
  await expect.poll(async () => (await state(page)).scenario.title).toBe(JSON.parse(base).title);
  await expect(page.locator('#chart-a')).toBeVisible();
  await expect(page.locator('.timeline')).toBeVisible();
  for (const hidden of ['#toolbar', '#editor', '#output-a']) await expect(page.locator(hidden)).toBeHidden();
  const box = await page.locator('#chart-a').boundingBox();
  expect(box.width).toBeLessThanOrEqual(720);
  const timeline = await page.locator('.timeline').boundingBox();
  expect(timeline.y + timeline.height).toBeLessThanOrEqual(420 + 1);
  await expect(page.locator('#embed-link')).toHaveAttribute('href', /#s=/);
  await snapshot(page, testInfo, 'embed');
});

/** Opens the embed of the base scenario with query options `query`; waits for the chart. */
async function openEmbed(page, query) {
  await page.goto(`/index.html?embed=1${query}#s=${Buffer.from(base).toString('base64url')}`);
  await page.waitForFunction(() => window.windowpane?.state().ready && window.windowpane.state().output !== null && window.windowpane.state().layout !== null);
}

test('embed options: height, starting time, no legend', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 720, height: 600 });
  await openEmbed(page, '');
  const plain = (await state(page)).layout;
  await openEmbed(page, '&height=300&t=12:05:00&legend=0');
  await expect.poll(() => page.locator('#chart-a').evaluate((c) => c.height)).toBe(300);
  // 12:05:00 on 1970-01-01, in ms.
  await expect.poll(async () => (await state(page)).at).toBe((12 * 60 + 5) * 60_000);
  await expect(page.locator('.timeline output.at')).toContainText('12:05:00');
  // Without the legend the plot starts higher up (only the title and summary above it).
  const bare = (await state(page)).layout;
  expect(bare.plot.y).toBeLessThan(plain.plot.y);
  await expect(page.locator('#banner')).toBeHidden();
  await snapshot(page, testInfo, 'embed-options');
});

test('embed option autoplay plays the timeline; a bad option is named', async ({ page }) => {
  await page.setViewportSize({ width: 720, height: 420 });
  await openEmbed(page, '&autoplay=1');
  await expect(page.locator('.timeline button.play')).toContainText('pause');
  await expect.poll(async () => (await state(page)).at).not.toBe(null);
  await openEmbed(page, '&height=tall');
  await expect(page.locator('#banner')).toContainText('embed option height');
  await expect(page.locator('#chart-a')).toBeVisible();
});

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

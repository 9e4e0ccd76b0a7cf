// A big document: a 64 MB (1M-event) file is read and run in the worker, with progress and a
// Cancel button; the page's thread never runs a task over 100 ms (a longtask
// PerformanceObserver watches the whole open); the document is autosaved (IndexedDB).
import { test, expect } from '@playwright/test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, fixture } from './helpers.js';

const START = 12 * 3_600_000;

/** A file of `n` events over 10 keys, one every 50 ms, arriving 0 to 30 s late; returns its path and size. */
function bigFile(n) {
  const s = JSON.parse(fixture('team-scores.json'));
  s.watermark = { model: 'bounded_out_of_orderness', max_delay: '10s' };
  delete s.end_of_input;
  s.pipeline.allowed_lateness = '1m';
  s.events = Array.from({ length: n }, (_, i) => ({ key: `k${i % 10}`, value: i % 7, event_time: START + i * 50, arrival: START + i * 50 + ((i * 7919) % 30_000) }));
  const text = JSON.stringify(s);
  const path = join(mkdtempSync(join(tmpdir(), 'windowpane-')), `big-${n}.json`);
  writeFileSync(path, text);
  return { path, size: text.length };
}

/** Watches the page's long tasks and what the progress box says. */
async function watch(page) {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
    window.__said = new Set();
    const box = document.getElementById('progress');
    new MutationObserver(() => { if (!box.hidden) window.__said.add(box.textContent); }).observe(box, { attributes: true, childList: true, subtree: true, characterData: true });
  });
}

test('a 64 MB upload of a million events: read in the worker with progress, no page task over 100 ms, autosaved', async ({ page }) => {
  test.setTimeout(300_000);
  const { path, size } = bigFile(1_000_000);
  expect(size).toBeGreaterThan(60_000_000);
  await openPage(page);
  await watch(page);
  await page.locator('#upload').setInputFiles(path);
  await page.waitForFunction(() => window.windowpane.state().output?.columns?.event_time.length === 1_000_000 && window.windowpane.state().ready,
    null, { timeout: 240_000, polling: 500 });
  await expect(page.locator('#progress')).toBeHidden();
  const long = await page.evaluate(() => window.__long);
  expect(Math.max(0, ...long), `long tasks: ${long.join(', ')} ms`).toBeLessThan(100);
  const said = await page.evaluate(() => [...window.__said].join(' | '));
  expect(said).toContain('MB');
  expect(said).toContain('1,000,000 events');
  const s = await page.evaluate(() => window.windowpane.state());
  expect(s.error).toBeNull();
  expect(s.output.paneCount).toBeGreaterThan(0);
  // The events tab says where the events are; the document is autosaved, and the page says it
  // is too large for a link.
  await expect(page.locator('#tab-events')).toContainText('1,000,000 events');
  await expect(page.locator('#saved')).toHaveText('autosaved in this browser (too large for a link)');
  // An edit of the pipeline sends no events and is saved too; a reload brings the edited document back.
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  const done = page.evaluate(() => window.windowpane.settled());
  await page.locator('input[data-path="pipeline.allowed_lateness"]').fill('2m');
  await page.locator('input[data-path="pipeline.allowed_lateness"]').press('Enter');
  await done;
  const edited = await page.evaluate(() => window.windowpane.state().output.paneCount);
  await expect(page.locator('#saved')).toHaveText('autosaved in this browser (too large for a link)');
  await page.reload();
  await page.waitForFunction(() => window.windowpane?.state().output?.columns?.event_time.length === 1_000_000 && window.windowpane.state().ready,
    null, { timeout: 240_000, polling: 500 });
  await expect.poll(async () => page.evaluate(() => window.windowpane.state().scenario.pipeline.allowed_lateness)).toBe('2m');
  expect(await page.evaluate(() => window.windowpane.state().output.paneCount)).toBe(edited);
});

test('Cancel stops a big run; the page keeps the last run and says so', async ({ page }) => {
  test.setTimeout(300_000);
  const { path } = bigFile(1_000_000);
  await openPage(page);
  const before = await page.evaluate(() => window.windowpane.state().output.paneCount);
  await page.locator('#upload').setInputFiles(path);
  await expect(page.locator('#progress')).toBeVisible();
  await page.locator('#cancel-run').click();
  await expect(page.locator('#progress')).toBeHidden();
  await expect(page.locator('#banner')).toContainText('cancelled');
  const s = await page.evaluate(() => window.windowpane.state());
  expect(s.output.paneCount).toBe(before);
  // The page still runs what comes next.
  await page.evaluate((t) => window.windowpane.load(t), fixture('team-scores.json'));
  expect(await page.evaluate(() => window.windowpane.state().error)).toBeNull();
});

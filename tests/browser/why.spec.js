// Why nothing fired (issue 12, items 3, 7 and 8): clicking an empty spot of the chart asks the
// engine about the window there at that processing time; selecting an event asks why it is late
// or dropped; the watermark's lag follows the timeline; the first visit opens on figure 2-11
// with a tour. Every expected answer is worked out by hand from the scenario in the test.
import { test, expect } from '@playwright/test';
import { openPage, load, snapshot, chartPoint, layoutOrSkip, state } from './helpers.js';

/** A scenario on 1970-01-01 with fixed two-minute windows. */
const scenario = (events, pipeline, watermark = { model: 'explicit', points: [] }) => JSON.stringify({
  format: 'windowpane/1', title: 'why', events, watermark, end_of_input: '12:10:00',
  pipeline: { window: { type: 'fixed', size: '2m' }, combine: 'sum', ...pipeline },
});
const ev = (value, event_time, arrival) => ({ key: 'k', value, event_time, arrival });
const ms = (clock) => { const [h, m, s] = clock.split(':').map(Number); return ((h * 60 + m) * 60 + s) * 1000; };

/** Clicks the chart at (event time, processing time), both clock times. */
async function clickAt(page, eventTime, processingTime, options = {}) {
  await page.locator('#chart-a').scrollIntoViewIfNeeded();
  const layout = await layoutOrSkip(page);
  const p = await chartPoint(page, layout, ms(eventTime), ms(processingTime));
  await page.mouse.click(p.x, p.y, options);
}

for (const width of [1280, 400]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('a click on an empty window says the count trigger waits for its third element', async ({ page }, testInfo) => {
      await openPage(page);
      // after_count 3: by 12:00:45 two elements (arrived 12:00:20, 12:00:40) are in [12:00, 12:02).
      await load(page, scenario([ev(1, '12:00:10', '12:00:20'), ev(2, '12:00:30', '12:00:40'), ev(4, '12:02:30', '12:03:00')],
        { trigger: { type: 'after_count', count: 3 } }));
      const n = (await state(page)).scenario.events.length;
      await clickAt(page, '12:01:00', '12:00:50');
      const answer = page.locator('#why .why-answer[data-kind="window"]');
      await expect(answer).toHaveCount(1);
      await expect(answer).toHaveAttribute('data-state', 'open');
      await expect(answer.locator('h4')).toContainText('k [12:00:00, 12:02:00) at 12:00:');
      await expect(answer).toContainText('no pane yet');
      await expect(answer).toContainText('nothing fired yet: after_count 3 waits (2 of 3 elements)');
      // A click asks; it does not add an event (Shift+click does).
      expect((await state(page)).scenario.events.length).toBe(n);
      await page.locator('#why').scrollIntoViewIfNeeded();
      await snapshot(page, testInfo, `why-count-${width}`);
    });

    test('a click before the watermark passes the window says so, and when it will', async ({ page }, testInfo) => {
      await openPage(page);
      // Default trigger; the watermark reaches 12:01:00 at 12:03:00 and 12:03:00 at 12:05:00.
      // At 12:04:00 it is at 12:01:00, short of the window's end 12:01:59.999; it passes it at 12:05:00.
      const wm = { model: 'explicit', points: [{ at: '12:03:00', to: '12:01:00' }, { at: '12:05:00', to: '12:03:00' }] };
      await load(page, scenario([ev(1, '12:00:10', '12:00:20'), ev(2, '12:03:10', '12:05:30')], { trigger: { type: 'default' } }, wm));
      await clickAt(page, '12:01:00', '12:04:00');
      const answer = page.locator('#why .why-answer[data-kind="window"]');
      await expect(answer).toContainText("the watermark 12:01:00 has not passed the window's end 12:01:59.999");
      await expect(answer).toContainText('later in this run: the watermark passes its end at 12:05:00');
      await expect(answer).toContainText('its next move is at 12:05:00, to 12:03:00');
      // The lag now (12:04:00 is not the cursor: the cursor is at the end of the run, where the
      // input has ended and the watermark is at +∞): 0.
      await expect(page.locator('#why .lag-line')).toContainText('watermark lag now 0ms');
      await snapshot(page, testInfo, `why-watermark-${width}`);
    });

    test('selecting a dropped event says its window had expired', async ({ page }, testInfo) => {
      await openPage(page);
      // No allowed lateness; the watermark reaches 12:03:00 at 12:03:00, past [12:00, 12:02)'s
      // end; the 5 of 12:00:30 arrives at 12:04:00 and is dropped.
      const wm = { model: 'explicit', points: [{ at: '12:03:00', to: '12:03:00' }] };
      await load(page, scenario([ev(1, '12:00:10', '12:00:20'), ev(5, '12:00:30', '12:04:00')], { allowed_lateness: '0s' }, wm));
      await clickAt(page, '12:00:30', '12:04:00');
      const answer = page.locator('#why .why-answer[data-kind="element"]');
      await expect(answer).toHaveAttribute('data-state', 'late');
      await expect(answer.locator('h4')).toContainText('event #1 (k, event time 12:00:30, arrival 12:04:00)');
      await expect(answer).toContainText('late: it arrived when the watermark was 12:03:00');
      await expect(answer).toContainText('dropped, the window had expired');
      await snapshot(page, testInfo, `why-dropped-${width}`);
    });
  });
}

test('with the ingest model, the idle shard holding the watermark and every shard\'s lag', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openPage(page);
  // The preset's story: device-9, alone on shard 2, is offline 12:00:30–12:01:30; without an
  // idle timeout shard 2 keeps its last reading (just before 12:00:30) as its watermark. At
  // 12:01:10 the 30 s window [12:00:30, 12:01:00) of any other device has not fired.
  await page.selectOption('#presets', 'ingest-idle-shard-stall');
  await expect.poll(async () => (await state(page)).scenario.title).toBe('One idle shard stalls the watermark');
  await clickAt(page, '12:00:45', '12:01:10');
  const answer = page.locator('#why .why-answer[data-kind="window"]').first();
  await expect(answer).toContainText('nothing fired yet');
  await expect(answer).toContainText("has not passed the window's end 12:00:59.999");
  await expect(answer).toContainText('the watermark is held by shard shardId-000000000002 at 12:00:2');
  await expect(answer).toContainText('it holds no record');
  // The lag table: the four shards.
  await expect(page.locator('#why .lag-table tbody tr')).toHaveCount(4);
  await expect(page.locator('#why .lag-table')).toContainText('shardId-000000000002');
  await page.locator('#why').scrollIntoViewIfNeeded();
  await snapshot(page, testInfo, 'why-idle-shard');
});

test('the watermark lag follows the timeline', async ({ page }) => {
  await openPage(page);
  // Arrivals (event time → arrival): 12:00:10 → 12:00:10, 12:00:50 → 12:00:20; the watermark
  // reaches 12:00:05 at 12:00:10. At 12:00:30 the newest event is 12:00:50: lag 45 s. Weighted
  // by time: 12:00:10–12:00:20 at 5 s, 12:00:20–12:00:30 at 45 s, so half the time is reached
  // within the 5 s stretch (p50 5 s) and 99 % within the 45 s one (p99 45 s).
  const wm = { model: 'explicit', points: [{ at: '12:00:10', to: '12:00:05' }] };
  await load(page, scenario([ev(1, '12:00:10', '12:00:10'), ev(1, '12:00:50', '12:00:20')], {}, wm));
  await page.evaluate((t) => window.windowpane.scrub(t), ms('12:00:30'));
  await expect(page.locator('#why .lag-line')).toHaveText('watermark lag now 45s; p50 5s; p99 45s; largest 45s');
});

test('the first visit opens on figure 2-11 with a tour that can be dismissed and reopened; presets are grouped', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 400, height: 900 });
  // No seeded dismissal: a first visit.
  await page.goto('/index.html');
  await page.waitForFunction(() => window.windowpane?.state?.().ready, null, { timeout: 30_000 });
  expect((await state(page)).scenario.title).toContain('figure 2-11');
  const tour = page.locator('#tour');
  await expect(tour).toBeVisible();
  await expect(tour).toHaveAttribute('data-step', '1');
  await expect(tour.locator('h3')).toHaveText('The axes');
  await snapshot(page, testInfo, 'tour-step-1-400');
  const titles = [];
  for (let i = 0; i < 5; i++) {
    titles.push(await tour.locator('h3').textContent());
    await tour.locator('.tour-next').click();
  }
  expect(titles).toEqual(['The axes', 'The watermark', 'A pane', 'Ask why', 'Change the trigger']);
  await expect(tour).toBeHidden();
  await page.reload();
  await page.waitForFunction(() => window.windowpane?.state?.().ready, null, { timeout: 30_000 });
  await expect(page.locator('#tour')).toBeHidden();
  await page.locator('#tour-open').click();
  await expect(page.locator('#tour')).toBeVisible();
  await page.locator('#tour .tour-close').click();
  await expect(page.locator('#tour')).toBeHidden();
  const groups = await page.locator('#presets optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
  expect(groups).toEqual(['The book', 'Windows', 'Triggers', 'Accumulation', 'Combiners', 'Transports']);
  const first = await page.locator('#presets optgroup').first().locator('option').first();
  await expect(first).toHaveAttribute('value', 'book-2-11-early-on-time-late-heuristic');
});

test('?tour=0 keeps the tour closed', async ({ page }) => {
  await page.goto('/index.html?tour=0');
  await page.waitForFunction(() => window.windowpane?.state?.().ready, null, { timeout: 30_000 });
  await expect(page.locator('#tour')).toBeHidden();
  await expect(page.locator('#tour-open')).toBeVisible();
});

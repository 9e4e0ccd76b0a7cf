// The transport in the page: a lane per shard or group under the chart, the statistics of the
// façade's ingest_report, and the transport settings in the pipeline editor.
import { test, expect } from '@playwright/test';
import { openPage, engine, load, state } from './helpers.js';

/** The statistics the page shows: totals by key, and per lane the cells by field. */
function shownStats(page) {
  return page.locator('#lanes-view').evaluate((v) => ({
    totals: Object.fromEntries([...v.querySelectorAll('[data-stat]')].map((d) => [d.dataset.stat, d.querySelector('dd').textContent])),
    lanes: [...v.querySelectorAll('tbody tr[data-lane]')].map((r) => ({
      name: r.querySelector('th').textContent,
      ...Object.fromEntries([...r.querySelectorAll('td[data-field]')].map((td) => [td.dataset.field, td.textContent])),
    })),
  }));
}

/** What the page should show for a report of the façade. */
function expectedStats(report) {
  const ms = (v) => (typeof v === 'number' ? `${Math.round(v)} ms` : '–');
  const text = (v) => (v === null || v === undefined ? '–' : String(v));
  return {
    sent: text(report.sent), delivered: text(report.delivered), throttled: text(report.throttled),
    late: text(report.late), order_violations: text(report.order_violations), p50: ms(report.latency.p50), p99: ms(report.latency.p99),
    lanes: report.lanes.map((l) => ({
      name: l.name, entered: text(l.entered), delivered: text(l.delivered), throttled: text(l.throttled), duplicates: text(l.duplicates),
      late: text(l.late), max_backlog: text(l.max_backlog), latency_mean: ms(l.latency_mean), latency_max: ms(l.latency_max),
    })),
  };
}

async function reportOfPage(page) {
  const { text } = await state(page);
  const r = await engine(page, 'ingest_report', text);
  expect(r.ok, r.message).toBe(true);
  return r.result;
}

async function expectStatsMatch(page, report) {
  const want = expectedStats(report);
  await expect.poll(async () => (await shownStats(page)).lanes).toEqual(want.lanes);
  const { totals } = await shownStats(page);
  for (const key of ['sent', 'delivered', 'throttled', 'late', 'order_violations', 'p50', 'p99']) expect(totals[key], key).toBe(want[key]);
}

const laneHeight = (page) => page.locator('#lanes').evaluate((c) => c.height);

test('the Kinesis preset shows one lane per shard and the façade\'s statistics', async ({ page }, testInfo) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openPage(page);
  await page.selectOption('#presets', 'ingest-kinesis-fleet');
  await expect.poll(async () => (await state(page)).scenario.ingest?.shards).toBe(4);
  await expect(page.locator('#lanes-view')).toBeVisible();
  const report = await reportOfPage(page);
  expect(report.lanes.length).toBe(4);
  await expectStatsMatch(page, report);
  await expect(page.locator('#lanes-view tbody tr')).toHaveCount(4);
  // The lane canvas is drawn (not blank) and as wide as the chart.
  const drawn = await page.locator('#lanes').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
    return false;
  });
  expect(drawn).toBe(true);
  expect(await page.locator('#lanes').evaluate((c) => c.width)).toBe(await page.locator('#chart-a').evaluate((c) => c.width));
  await page.locator('#lanes-view').screenshot({ path: testInfo.outputPath('lanes-kinesis.png') });
  expect(errors).toEqual([]);
});

test('changing the shard count in the pipeline editor changes the lanes', async ({ page }) => {
  await openPage(page);
  await page.selectOption('#presets', 'ingest-kinesis-fleet');
  await expect(page.locator('#lanes-view tbody tr')).toHaveCount(4);
  const four = await laneHeight(page);
  await page.locator('[role=tab][data-tab=pipeline]').click();
  const shards = page.locator('#tab-pipeline [data-path="ingest.shards"]');
  await expect(shards).toHaveValue('4');
  await shards.fill('6');
  await shards.press('Enter');
  await expect.poll(async () => (await state(page)).scenario.ingest.shards).toBe(6);
  await expect(page.locator('#lanes-view tbody tr')).toHaveCount(6);
  expect(await laneHeight(page)).toBeGreaterThan(four);
  await expectStatsMatch(page, await reportOfPage(page));

  // A bad value is the scenario crate's error, next to the field.
  await page.locator('#tab-pipeline [data-path="ingest.shards"]').fill('0');
  await page.locator('#tab-pipeline [data-path="ingest.shards"]').press('Enter');
  await expect(page.locator('#tab-pipeline .field-error').first()).toContainText('expected a whole number ≥ 1, got 0');
});

test('SQS FIFO has a lane per message group; the hot device throttles; the idle timeout is in the form', async ({ page }) => {
  await openPage(page);
  await page.selectOption('#presets', 'ingest-sqs-fifo-fleet');
  await expect(page.locator('#lanes-view tbody tr')).toHaveCount(12);
  await expectStatsMatch(page, await reportOfPage(page));

  await page.selectOption('#presets', 'ingest-kinesis-hot-device');
  await expect.poll(async () => (await state(page)).scenario.ingest?.write_limit).toBe(15);
  const hot = await reportOfPage(page);
  expect(hot.throttled).toBeGreaterThan(0);
  await expectStatsMatch(page, hot);

  await page.selectOption('#presets', 'ingest-idle-shard-stall');
  await page.locator('[role=tab][data-tab=pipeline]').click();
  const idle = page.locator('#tab-pipeline [data-path="watermark.idle_timeout"]');
  await expect(idle).toHaveValue('');
  await idle.fill('10s');
  await idle.press('Enter');
  await expect.poll(async () => (await state(page)).scenario.watermark.idle_timeout).toBe('10s');
  const timeout = (await engine(page, 'presets')).result.find((p) => p.id === 'ingest-idle-shard-timeout');
  const expected = await engine(page, 'run', timeout.text);
  await expect.poll(async () => (await state(page)).output?.panes?.length).toBe(expected.result.panes.length);
});

test('a scenario without an ingest section has no lanes; choosing a transport adds them', async ({ page }) => {
  await openPage(page);
  await page.selectOption('#presets', 'several-keys');
  await expect.poll(async () => (await state(page)).scenario.ingest).toBeUndefined();
  await expect(page.locator('#lanes-view')).toBeHidden();
  const kinesis = (await engine(page, 'presets')).result.find((p) => p.id === 'ingest-kinesis-fleet');
  const scenario = JSON.parse(kinesis.text);
  delete scenario.ingest;
  scenario.watermark = { model: 'perfect' };
  await load(page, JSON.stringify(scenario));
  await expect(page.locator('#lanes-view')).toBeHidden();
  await page.locator('[role=tab][data-tab=pipeline]').click();
  await page.selectOption('#tab-pipeline [data-path="ingest.type"]', 'kinesis');
  await expect.poll(async () => (await state(page)).scenario.ingest?.type).toBe('kinesis');
  await expect(page.locator('#lanes-view')).toBeVisible();
  await expect(page.locator('#lanes-view tbody tr')).toHaveCount((await state(page)).scenario.ingest.shards);
});

// Your own data through a transport, as a user: a hand-written scenario through Kinesis in two
// clicks and back, "Turn into editable events" on every ingest preset, the fleet form, the
// device → shard mapping, and a CSV trace imported (and a bad line named).
import { createHash } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { openPage, state, snapshot as attach } from './helpers.js';

/** A time written as a clock time (a time of day, or an RFC 3339 timestamp off the base date). */
const CLOCK = /^(\d{2}:\d{2}:\d{2}(\.\d{1,3})?|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z)$/;

/**
 * Kinesis' shard of a partition key among `n` shards, computed here from the documented rule
 * (MD5 of the key as a 128-bit number, the key space split evenly), not asked of the page.
 * @param {string} key @param {number} n
 */
function kinesisShard(key, n) {
  const hash = BigInt(`0x${createHash('md5').update(key).digest('hex')}`);
  const width = (1n << 128n) / BigInt(n);
  const i = Number(hash / width);
  return `shardId-${String(Math.min(i, n - 1)).padStart(12, '0')}`;
}

/** Keeps a full-page screenshot: attached to the report and written to the test's output folder. */
async function snapshot(page, testInfo, name) {
  await attach(page, testInfo, name);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Waits for the run after an edit, with no error. */
async function settledWithoutError(page) {
  await page.waitForFunction(() => window.windowpane.state().ready);
  await expect.poll(async () => (await state(page)).error).toBe(null);
}

/** The rows of the editable events table: {key, sent, arrival, lane} as shown. */
function eventRows(page) {
  return page.locator('#tab-events .events-table tbody tr').evaluateAll((rows) => rows.map((r) => ({
    key: r.querySelector('[data-path$=".key"]')?.value ?? r.cells[1].textContent,
    sent: r.querySelector('[data-path$=".sent"]')?.value ?? null,
    arrival: r.querySelector('[data-path$=".arrival"]')?.value ?? null,
    lane: r.querySelector('td.lane')?.textContent ?? null,
  })));
}

/** The device (key) list of each lane in the lanes view's table. */
function laneDevices(page) {
  return page.locator('#lanes-view table.ingest-lanes tbody tr').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [
    r.querySelector('th').textContent, r.querySelector('td.lane-devices').textContent.split(', ').filter(Boolean)])));
}

for (const width of [400, 1280]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('a hand-written scenario goes through Kinesis in two clicks, shows its shards, and comes back', async ({ page }, testInfo) => {
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await openPage(page);
      await page.selectOption('#presets', 'several-keys');
      await expect.poll(async () => (await state(page)).scenario.title).toMatch(/./);
      await settledWithoutError(page);
      const before = (await state(page)).scenario.events;
      expect(before.every((e) => e.arrival !== undefined && e.sent === undefined)).toBe(true);

      await page.click('[role=tab][data-tab=pipeline]');
      await page.selectOption('[data-path="ingest.type"]', 'kinesis'); // click 1
      await settledWithoutError(page);
      await page.click('button.use-ingest-watermark'); // click 2
      await settledWithoutError(page);
      const s = await state(page);
      expect(s.scenario.ingest.type).toBe('kinesis');
      expect(s.scenario.watermark.model).toBe('ingest');
      // Each arrival became the time the event was sent, as written.
      expect(s.scenario.events.map((e) => [e.key, e.sent, e.arrival])).toEqual(before.map((e) => [e.key, e.arrival, undefined]));
      expect(s.output.panes.length).toBeGreaterThan(0);
      // The transport made the arrivals: none earlier than sent.
      await expect(page.locator('#lanes-view')).toBeVisible();

      // The device → shard mapping: in the lanes' table and in the events table, by the MD5 rule.
      const shards = s.scenario.ingest.shards;
      const keys = [...new Set(before.map((e) => e.key))];
      const lanes = await laneDevices(page);
      for (const key of keys) {
        const holding = Object.entries(lanes).filter(([, ks]) => ks.includes(key)).map(([name]) => name);
        expect(holding, key).toEqual([kinesisShard(key, shards)]);
      }
      await page.click('[role=tab][data-tab=events]');
      await expect(page.locator('#tab-events .events-table thead')).toContainText('shard');
      const rows = await eventRows(page);
      expect(rows.map((r) => [r.key, r.lane])).toEqual(before.map((e) => [e.key, kinesisShard(e.key, shards)]));
      expect(rows.every((r) => r.sent !== null && r.arrival === null)).toBe(true);
      // The shard columns and the lanes' device lists scroll inside their tables, not the page sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snapshot(page, testInfo, `kinesis-${width}`);

      // Removing the transport: each event arrives when the transport delivered it.
      const delivered = (await state(page)).output;
      const arrivals = new Map();
      const runEvents = await page.evaluate(() => window.windowpane.snapshot().then((x) => x.output.events));
      for (const e of runEvents) arrivals.set(`${e.key}@${e.event_time}`, e.arrival);
      expect(delivered).not.toBe(null);
      await page.click('[role=tab][data-tab=pipeline]');
      await page.selectOption('[data-path="ingest.type"]', '');
      await settledWithoutError(page);
      const after = await state(page);
      expect(after.scenario.ingest).toBeUndefined();
      expect(after.scenario.watermark.model).toBe('explicit');
      expect(after.scenario.events.every((e) => e.sent === undefined && typeof e.arrival === 'string')).toBe(true);
      const rerun = await page.evaluate(() => window.windowpane.snapshot().then((x) => x.output.events));
      for (const e of rerun) expect(e.arrival, `${e.key}@${e.event_time}`).toBe(arrivals.get(`${e.key}@${e.event_time}`));
      expect(errors).toEqual([]);
    });

    test('listed events become a fleet in one click, and the fleet form follows', async ({ page }, testInfo) => {
      await openPage(page);
      await page.selectOption('#presets', 'several-keys');
      await settledWithoutError(page);
      await page.click('button.make-fleet');
      await settledWithoutError(page);
      const s = (await state(page)).scenario;
      expect(s.events).toBeUndefined();
      expect(s.generate.devices.count).toBeGreaterThan(1);
      const form = page.locator('fieldset.fleet');
      await expect(form).toBeVisible();
      await expect(form.locator('[data-path="generate.devices.count"]')).toHaveValue(String(s.generate.devices.count));
      // The form lists the section's fields, the optional ones too.
      for (const path of ['rate', 'start', 'duration', 'seed', 'clock_skew', 'delay.type', 'value.type']) {
        await expect(form.locator(`[data-path="generate.${path}"]`), path).toHaveCount(1);
      }
      await form.locator('[data-path="generate.value.type"]').selectOption('constant');
      // The new type's field is required: the engine says so, and the field is there to fill.
      await expect.poll(async () => (await state(page)).error).toContain('generate.value.value');
      await form.locator('[data-path="generate.value.value"]').fill('7');
      await form.locator('[data-path="generate.value.value"]').press('Enter');
      await settledWithoutError(page);
      const events = await page.evaluate(() => window.windowpane.snapshot().then((x) => x.output.events));
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.value === 7)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snapshot(page, testInfo, `fleet-${width}`);
    });

    test('a CSV trace imports with a column mapping, and a bad line is named', async ({ page }, testInfo) => {
      await openPage(page);
      await page.selectOption('#presets', 'several-keys');
      await settledWithoutError(page);
      await page.click('button.open-trace-import');
      const dialog = page.locator('dialog.trace-import');
      await expect(dialog).toBeVisible();
      const csv = 'ts,device,temp,received\n12:00:05,sensor-a,21.5,12:00:09\n12:00:20,sensor-b,19,12:00:21\n12:01:10,sensor-a,22,12:01:30\n';
      await dialog.locator('textarea').fill(csv);
      // The columns are guessed from their names; the user can change them.
      await expect(dialog.locator('select[data-role=key]')).toHaveValue('device');
      await expect(dialog.locator('select[data-role=value]')).toHaveValue('temp');
      await expect(dialog.locator('select[data-role=event_time]')).toHaveValue('ts');
      await dialog.locator('select[data-role=time]').selectOption('received');
      await expect(dialog.locator('select[name=time_is]')).toHaveValue('arrival');
      await snapshot(page, testInfo, `trace-dialog-${width}`);
      await dialog.locator('button.do-import').click();
      await expect(dialog).toBeHidden();
      await settledWithoutError(page);
      expect((await state(page)).scenario.events).toEqual([
        { key: 'sensor-a', value: 21.5, event_time: '12:00:05', arrival: '12:00:09' },
        { key: 'sensor-b', value: 19, event_time: '12:00:20', arrival: '12:00:21' },
        { key: 'sensor-a', value: 22, event_time: '12:01:10', arrival: '12:01:30' },
      ]);

      // A bad value on the file's fourth line: the error names the line and the column.
      await page.click('button.open-trace-import');
      await dialog.locator('textarea').fill('ts,device,temp,received\n12:00:05,sensor-a,21.5,12:00:09\n12:00:20,sensor-b,19,12:00:21\n12:01:10,sensor-a,warm,12:01:30\n');
      await dialog.locator('select[data-role=time]').selectOption('received');
      await dialog.locator('button.do-import').click();
      await expect(dialog.locator('[role=alert]')).toContainText('line 4, column 3 (temp)');
      await expect(dialog).toBeVisible();
      await snapshot(page, testInfo, `trace-error-${width}`);
      await dialog.locator('button.cancel').click();
      expect((await state(page)).scenario.events.length).toBe(3);
    });
  });
}

test.describe('at 1280 px', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('"Turn into editable events" on every ingest preset gives a valid scenario with clock times', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await openPage(page);
    const ids = await page.locator('#presets option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v.startsWith('ingest-')));
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      await page.selectOption('#presets', id);
      await page.waitForFunction(() => window.windowpane.state().ready && window.windowpane.state().output !== null);
      await settledWithoutError(page);
      if (Array.isArray((await state(page)).scenario.events)) {
        // A preset that lists its events is editable already: with their send times and shards.
        await expect(page.locator('button.to-editable'), id).toHaveCount(0);
        await expect(page.locator('#tab-events .events-table thead'), id).toContainText(/sent/);
        // (An event of a failing group may never be delivered: its row has no lane.)
        await expect.poll(() => page.locator('#tab-events .events-table tbody td.lane').evaluateAll((tds) => tds.some((td) => td.textContent !== '')), id).toBe(true);
        continue;
      }
      const run = await page.evaluate(() => window.windowpane.snapshot().then((x) => x.output.events));
      await page.click('button.to-editable');
      await expect.poll(async () => Array.isArray((await state(page)).scenario.events), id).toBe(true);
      await settledWithoutError(page);
      const s = (await state(page)).scenario;
      expect(s.generate, id).toBeUndefined();
      const timeField = s.ingest || s.watermark?.model === 'ingest' ? 'sent' : 'arrival';
      for (const e of s.events) {
        expect(e.event_time, id).toMatch(CLOCK);
        expect(e[timeField], id).toMatch(CLOCK);
      }
      // The same events (key and event time), each once, however the transport delivered them.
      const seen = (list) => list.map((e) => `${e.key}@${e.event_time}`).sort();
      const after = await page.evaluate(() => window.windowpane.snapshot().then((x) => x.output.events));
      expect(seen(after), id).toEqual(seen([...new Map(run.map((e) => [`${e.key}@${e.event_time}@${e.value}`, e])).values()]));
      if (id === 'ingest-kinesis-hot-device') await snapshot(page, testInfo, `editable-${id}`);
    }
  });

  test('a scenario with a transport and arrival times offers the conversion, one click away', async ({ page }) => {
    await openPage(page);
    const text = JSON.stringify({ format: 'windowpane/1', ingest: { type: 'sqs_fifo' },
      events: [{ key: 'a', value: 1, event_time: '12:00:00', arrival: '12:00:04' }, { key: 'b', value: 2, event_time: '12:00:01', arrival: '12:00:02' }],
      pipeline: { window: { type: 'fixed', size: '1m' } } });
    await page.evaluate((t) => window.windowpane.load(t).catch(() => {}), text);
    await expect.poll(async () => (await state(page)).error).toContain('events[0].arrival');
    await page.click('button.arrivals-to-sent');
    await settledWithoutError(page);
    expect((await state(page)).scenario.events.map((e) => [e.sent, e.arrival])).toEqual([['12:00:04', undefined], ['12:00:02', undefined]]);
    // SQS FIFO: one message group per key.
    expect((await eventRows(page)).map((r) => r.lane)).toEqual(['a', 'b']);
  });

  test('the fleet form edits every part of the generate section', async ({ page }, testInfo) => {
    await openPage(page);
    await page.selectOption('#presets', 'ingest-kinesis-hot-device');
    await page.waitForFunction(() => window.windowpane.state().ready && window.windowpane.state().scenario.generate?.devices?.count === 12);
    await settledWithoutError(page);
    const form = page.locator('fieldset.fleet');
    await expect(form.locator('[data-path="generate.devices.count"]')).toHaveValue('12');
    await expect(form.locator('[data-path="generate.clock_skew"]')).toHaveValue('200ms');
    await expect(form.locator('[data-path="generate.delay.type"]')).toHaveValue('log_normal');
    await expect(form.locator('[data-path="generate.delay.p99"]')).toHaveValue('1500ms');
    await expect(form.locator('[data-path="generate.overrides[0].device"]')).toHaveValue('device-3');
    await expect(form.locator('[data-path="generate.overrides[0].rate"]')).toHaveValue('20');
    await form.locator('[data-path="generate.clock_skew"]').fill('2s');
    await form.locator('[data-path="generate.clock_skew"]').press('Enter');
    await settledWithoutError(page);
    await page.locator('fieldset.fleet button[data-add=offline]').click();
    await settledWithoutError(page);
    await form.locator('[data-path="generate.offline[0].device"]').fill('device-5');
    await form.locator('[data-path="generate.offline[0].device"]').press('Enter');
    await settledWithoutError(page);
    let g = (await state(page)).scenario.generate;
    expect(g.clock_skew).toBe('2s');
    expect(g.offline).toEqual([{ device: 'device-5', from: '12:00:00', to: '12:00:15' }]);
    // The device offline for 15 s sends nothing before it is back.
    const events = await page.evaluate(() => window.windowpane.snapshot().then((x) => x.output.events));
    const five = events.filter((e) => e.key === 'device-5');
    expect(five.length).toBeGreaterThan(0);
    expect(Math.min(...five.map((e) => e.arrival))).toBeGreaterThanOrEqual(12 * 3_600_000 + 15_000);
    // A bad value is the engine's error, at its field.
    await form.locator('[data-path="generate.rate"]').fill('-1');
    await form.locator('[data-path="generate.rate"]').press('Enter');
    await expect.poll(async () => (await state(page)).error).toContain('generate.rate');
    await snapshot(page, testInfo, 'fleet-form');
    g = (await state(page)).scenario.generate;
    expect(g.rate).toBe(-1);
  });
}
);

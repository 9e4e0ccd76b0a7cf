// Keep and share: the scenario in the URL, autosave across reloads, undo and redo.
import { test, expect } from '@playwright/test';
import { openPage, load, fixture, engineRun, paneRowsCompared, expectedRows, state, snapshot } from './helpers.js';

const base = fixture('team-scores.json');

/** Waits until the URL hash holds the current document. */
async function settledUrl(page) {
  await expect.poll(async () => page.evaluate(async () => {
    const { decodeHash } = await import('/web/url.js');
    const h = await decodeHash(location.hash);
    // Compared with sorted keys: the page's copy of a scenario lists its events last.
    const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
    return h !== null && JSON.stringify(sorted(JSON.parse(h.scenario))) === JSON.stringify(sorted(window.windowpane.state().scenario));
  })).toBe(true);
  return page.url();
}

test('URL round trip: a fresh browser opening the link gets the same scenario and panes', async ({ page, browser }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await page.selectOption('[data-path="pipeline.accumulation"]', 'accumulating');
  const url = await settledUrl(page);
  expect(url).toContain('#s=');
  const scenario = (await state(page)).scenario;

  const other = await browser.newContext(); // empty localStorage
  const page2 = await other.newPage();
  await page2.goto(url);
  await page2.waitForFunction(() => window.windowpane?.state().ready && window.windowpane.state().output !== null);
  await expect.poll(async () => (await state(page2)).scenario).toEqual(scenario);
  const expected = await engineRun(page2, JSON.stringify(scenario));
  await expect.poll(() => paneRowsCompared(page2)).toEqual(expectedRows(expected.panes));
  await other.close();
});

test('a plain base64url JSON link works too', async ({ page }) => {
  const b64 = Buffer.from(base).toString('base64url');
  await openPage(page, `#s=${b64}`);
  await expect.poll(async () => (await state(page)).scenario).toEqual(JSON.parse(base));
});

test('reload keeps the state (autosave)', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'Events' }).click();
  const value = page.locator('[data-path="events[0].value"]');
  await value.fill('42');
  await value.press('Enter');
  await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(42);
  // Reload without the hash: only localStorage can bring it back.
  await page.goto('/index.html');
  await page.waitForFunction(() => window.windowpane?.state().ready);
  await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(42);
  expect((await state(page)).scenario.title).toBe(JSON.parse(base).title);
});

test('undo and redo, with buttons and keys', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  await page.getByRole('tab', { name: 'Pipeline' }).click();
  await page.selectOption('[data-path="pipeline.combine"]', 'count');
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('count');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('sum');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('count');
  await page.locator('#undo').click();
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('sum');
  await page.locator('#redo').click();
  await expect.poll(async () => (await state(page)).scenario.pipeline.combine).toBe('count');
  const expected = await engineRun(page, JSON.stringify((await state(page)).scenario));
  await expect.poll(() => paneRowsCompared(page)).toEqual(expectedRows(expected.panes));
});

test('download gives the scenario as JSON', async ({ page }) => {
  await openPage(page);
  await load(page, base);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(base));
  expect(download.suggestedFilename()).toBe('browser-test-team-scores.json');
});

/** Sets event 1's value in the events table as a user would. */
async function setFirstValue(page, value) {
  await page.getByRole('tab', { name: 'Events' }).click();
  const cell = page.locator('[data-path="events[0].value"]');
  await cell.fill(String(value));
  await cell.press('Enter');
  await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(value);
}

/** The document this tab autosaved, as the page's own store reads it back. */
function savedOfTab(page) {
  return page.evaluate(async () => {
    const p = await import('/web/persist.js');
    const r = await p.load(p.tabDocument());
    return r ? { id: r.id, scenario: JSON.parse(r.text), edited: r.edited } : null;
  });
}

/** A link to `scenario` (plain base64url JSON). */
const linkTo = (scenario) => `#s=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;

for (const width of [400, 1280]) {
  test.describe(`keeping work at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('a reload right after the autosave, before the link follows, keeps the newer document', async ({ page }) => {
      await openPage(page);
      await load(page, base);
      await settledUrl(page);
      const linkBefore = page.url();
      await page.getByRole('tab', { name: 'Events' }).click();
      const cell = page.locator('[data-path="events[0].value"]');
      await cell.fill('77');
      await cell.press('Enter');
      // Reload as soon as the autosave holds 77: the address still holds the link of 5.
      await expect.poll(async () => (await savedOfTab(page))?.scenario.events[0].value, { intervals: [5] }).toBe(77);
      const url = page.url();
      await page.reload();
      await page.waitForFunction(() => window.windowpane?.state().ready);
      await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(77);
      // (Whether the reload fell in the gap depends on timing; the check holds either way.)
      expect([linkBefore, url]).toContain(url);
    });

    test('an embed in another tab leaves saved work alone', async ({ page, context }) => {
      await openPage(page);
      await load(page, base);
      await setFirstValue(page, 42);
      await expect.poll(async () => (await savedOfTab(page))?.scenario.events[0].value).toBe(42);
      const other = JSON.parse(base);
      other.title = 'someone else\'s scenario';
      other.events = other.events.slice(0, 2);
      const embed = await context.newPage();
      await embed.goto(`/index.html?embed=1${linkTo(other)}`);
      await embed.waitForFunction(() => window.windowpane?.state().ready);
      await expect.poll(async () => (await state(embed)).scenario.title).toBe(other.title);
      // The embed is edited through its page hook too: still nothing saved.
      await embed.evaluate((t) => window.windowpane.load(t), JSON.stringify({ ...other, title: 'edited in the embed' }));
      await embed.waitForTimeout(500);
      const listed = await embed.evaluate(async () => (await import('/web/persist.js')).list());
      expect(listed.map((d) => d.title)).not.toContain('edited in the embed');
      expect(listed.map((d) => d.title)).not.toContain(other.title);
      await embed.close();
      // A new tab opens the saved work.
      const again = await context.newPage();
      await openPage(again);
      await expect.poll(async () => (await state(again)).scenario.events[0].value).toBe(42);
      expect((await state(again)).scenario.title).toBe(JSON.parse(base).title);
    });

    test('two tabs keep two documents, and the undo steps survive a reload', async ({ page, context }, testInfo) => {
      await openPage(page);
      await load(page, base);
      await setFirstValue(page, 11);
      await setFirstValue(page, 12);
      await expect.poll(async () => (await savedOfTab(page))?.scenario.events[0].value).toBe(12);
      const second = await context.newPage();
      await openPage(second); // opens the newest document: this browser's work
      await expect.poll(async () => (await state(second)).scenario.events[0].value).toBe(12);
      await setFirstValue(page, 13);
      await expect.poll(async () => (await savedOfTab(page))?.scenario.events[0].value).toBe(13);
      // The second tab edits what it opened: its edit becomes a document of its own.
      await setFirstValue(second, 99);
      await expect.poll(async () => (await savedOfTab(second))?.scenario.events[0].value).toBe(99);
      expect((await savedOfTab(second)).id).not.toBe((await savedOfTab(page)).id);
      await page.reload();
      await page.waitForFunction(() => window.windowpane?.state().ready);
      expect((await state(page)).scenario.events[0].value).toBe(13);
      await second.reload();
      await second.waitForFunction(() => window.windowpane?.state().ready);
      expect((await state(second)).scenario.events[0].value).toBe(99);
      // Undo after the reload: the steps before it.
      await expect(page.locator('#undo')).toBeEnabled();
      await page.locator('#undo').click();
      await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(12);
      await page.locator('#undo').click();
      await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(11);
      await page.locator('#redo').click();
      await expect.poll(async () => (await state(page)).scenario.events[0].value).toBe(12);
      // Both documents are listed under Recent.
      await expect.poll(async () => (await page.locator('#recent option').count())).toBeGreaterThanOrEqual(3);
      await snapshot(page, testInfo, `two-tabs-${width}`);
      await second.close();
    });

    test('a shared link, while work is saved, asks: keep mine, open it, or open it in a new tab', async ({ page, context }, testInfo) => {
      await openPage(page);
      await load(page, base);
      await setFirstValue(page, 42);
      await expect.poll(async () => (await savedOfTab(page))?.scenario.events[0].value).toBe(42);
      const other = { ...JSON.parse(base), title: 'a shared scenario' };
      const tab = await context.newPage();
      // Keep mine.
      await tab.goto(`/index.html${linkTo(other)}`);
      const dialog = tab.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('button')).toHaveText(['Open the link', 'Keep mine', 'Open it in a new tab']);
      await snapshot(tab, testInfo, `link-question-${width}`);
      await dialog.getByRole('button', { name: 'Keep mine' }).click();
      await tab.waitForFunction(() => window.windowpane?.state().ready);
      await expect.poll(async () => (await state(tab)).scenario.events[0].value).toBe(42);
      expect((await state(tab)).scenario.title).toBe(JSON.parse(base).title);
      // Open it in a new tab: that tab shows the link without asking; this one keeps mine.
      const third = await context.newPage();
      await third.goto(`/index.html${linkTo(other)}`);
      const [popup] = await Promise.all([context.waitForEvent('page'), third.getByRole('dialog').getByRole('button', { name: 'Open it in a new tab' }).click()]);
      await popup.waitForFunction(() => window.windowpane?.state().ready);
      await expect(popup.getByRole('dialog')).toHaveCount(0);
      await expect.poll(async () => (await state(popup)).scenario.title).toBe('a shared scenario');
      await third.waitForFunction(() => window.windowpane?.state().ready);
      expect((await state(third)).scenario.events[0].value).toBe(42);
      // Open it: a new document; the saved work stays listed under Recent and reopens from there.
      const fourth = await context.newPage();
      await fourth.goto(`/index.html${linkTo({ ...other, title: 'opened over my work' })}`);
      await fourth.getByRole('dialog').getByRole('button', { name: 'Open the link' }).click();
      await fourth.waitForFunction(() => window.windowpane?.state().ready);
      await expect.poll(async () => (await state(fourth)).scenario.title).toBe('opened over my work');
      await expect.poll(async () => (await savedOfTab(fourth))?.scenario.title).toBe('opened over my work');
      const options = fourth.locator('#recent option');
      await expect.poll(async () => (await options.allTextContents()).join('\n')).toContain(JSON.parse(base).title);
      const mine = await options.evaluateAll((o, t) => o.find((x) => x.textContent.includes(t))?.value, JSON.parse(base).title);
      await fourth.locator('#recent').selectOption(mine);
      await fourth.waitForURL((u) => !u.hash.includes('opened'), { timeout: 15_000 }).catch(() => {});
      await fourth.waitForFunction(() => window.windowpane?.state().ready);
      await expect.poll(async () => (await state(fourth)).scenario.title).toBe(JSON.parse(base).title);
      expect((await state(fourth)).scenario.events[0].value).toBe(42);
    });
  });
}

// Playwright: the browser tests in tests/browser/ against the built page (run `npm run build`
// first; `npm test` does). Debian's chromium, never a downloaded browser.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.WINDOWPANE_TEST_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/browser',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    // Kept as artefacts in test-results/: a screenshot of every test, traces of failures.
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  // The big-document spec asserts that no task of the page's thread exceeds 100 ms: it runs
  // after every other spec, alone, so that another browser on the same two cores does not stretch
  // the page's tasks (in the full run beside another spec its longest task measured 150-350 ms,
  // alone 25-90 ms, on this project's 2-core machine).
  projects: [
    { name: 'page', testIgnore: /big-document\.spec\.js/ },
    { name: 'alone', testMatch: /big-document\.spec\.js/, dependencies: ['page'] },
  ],
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
  },
});

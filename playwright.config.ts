import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { e2eDatabaseUrl, e2eServerEnv, mailCatcherPorts } from './apps/web/e2e/fixtures.ts';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

// The end-to-end tests run the built system (IAM API + BFF serving apps/web/dist) in production
// mode on their own ports and a fresh data folder, in Debian's Chromium (never a downloaded one).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const IAM_PORT = Number(process.env.E2E_IAM_PORT ?? 4100);
// Another port (E2E_PORT) gets its own data and results, so two runs on one machine do not collide.
const SUFFIX = process.env.E2E_PORT ? `-${PORT}` : '';
const DATA_DIR = path.resolve(import.meta.dirname, `.e2e-data${SUFFIX}`);
const RESULTS = `test-results${SUFFIX}`;
// The mail catcher (a real SMTP server) gets ports of its own, derived from PORT.
const MAIL = mailCatcherPorts(PORT);
// With TEST_DATABASE_URL (CI, and machines with a PostgreSQL server) the IAM API runs on a
// throw-away PostgreSQL database, which lets a test move a link's expiry into the past; without it,
// on PGlite, which nothing outside the IAM API can open, so that test is left out.
const DATABASE_URL = e2eDatabaseUrl(PORT);
const POSTGRES_ONLY = [/expired-links\.spec\.ts/];

const chromium = chromiumLaunchOptions;

export default defineConfig({
  testDir: 'apps/web/e2e',
  outputDir: `${RESULTS}/playwright`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: `${RESULTS}/playwright.json` }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // No trace by default: recording one (a screencast and a DOM snapshot at every action) costs
    // every test a third more time on 2 cores (docs/testing.md), though it is kept only when a test
    // fails. A failure still leaves its screenshot and error context; E2E_TRACE=1 records traces.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    {
      name: 'chromium',
      testIgnore: [/.*\.setup\.ts/, ...(DATABASE_URL ? [] : POSTGRES_ONLY)],
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
  ],
  webServer: [
    {
      command: 'node apps/web/e2e/mail-catcher.mjs',
      url: `http://127.0.0.1:${MAIL.http}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
      env: { MAIL_CATCHER_SMTP_PORT: String(MAIL.smtp), MAIL_CATCHER_HTTP_PORT: String(MAIL.http) },
    },
    {
      command: `rm -rf "${DATA_DIR}" && ${DATABASE_URL ? 'node apps/web/e2e/e2e-database.mjs && ' : ''}node scripts/serve.mjs`,
      url: `http://127.0.0.1:${PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        ...e2eServerEnv({
          port: PORT,
          iamPort: IAM_PORT,
          dataDir: DATA_DIR,
          logLevel: 'warn',
          smtpUrl: `smtp://127.0.0.1:${MAIL.smtp}`,
          databaseUrl: DATABASE_URL,
        }),
        // webhooks.spec.ts delivers to a receiver it runs on loopback (ADR 050).
        WEBHOOK_ALLOW_PRIVATE: 'true',
      },
    },
  ],
});

import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { e2eServerEnv } from './apps/web/e2e/fixtures.ts';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

// The end-to-end tests run the built system (IAM API + BFF serving apps/web/dist) in production
// mode on their own ports and a fresh data folder, in Debian's Chromium (never a downloaded one).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const IAM_PORT = Number(process.env.E2E_IAM_PORT ?? 4100);
// Another port (E2E_PORT) gets its own data and results, so two runs on one machine do not collide.
const SUFFIX = process.env.E2E_PORT ? `-${PORT}` : '';
const DATA_DIR = path.resolve(import.meta.dirname, `.e2e-data${SUFFIX}`);
const RESULTS = `test-results${SUFFIX}`;

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
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    {
      name: 'chromium',
      testIgnore: /.*\.setup\.ts/,
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
  ],
  webServer: {
    command: `rm -rf "${DATA_DIR}" && node scripts/serve.mjs`,
    url: `http://127.0.0.1:${PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: e2eServerEnv({ port: PORT, iamPort: IAM_PORT, dataDir: DATA_DIR, logLevel: 'warn' }),
  },
});

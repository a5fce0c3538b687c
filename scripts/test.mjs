// `npm test`: installs what the tests need (dependencies, and Debian's Chromium when missing and
// we are root), then runs everything: typecheck, lint, unit + integration tests (PGlite always;
// PostgreSQL and Redis too when TEST_DATABASE_URL / TEST_REDIS_URL are set), the OpenAPI
// document's lint and generated client, the web build and the Playwright end-to-end tests in
// Chromium. Any failure exits non-zero.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_PATH as CHROMIUM } from './chromium.mjs';
import { log, pnpm, pnpmCommand, root, run } from './lib.mjs';

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(
      `Chromium is missing at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.\n`,
    );
    process.exit(1);
  }
  log("Installing Debian's Chromium");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
}

log('Installing dependencies');
pnpm(['install', '--frozen-lockfile']);
ensureChromium();

log('Typecheck');
pnpm(['exec', 'tsc', '-p', 'tsconfig.json']);
pnpm(['-r', '--workspace-concurrency=1', 'typecheck']);
log('Lint and format check (Biome)');
pnpm(['exec', 'biome', 'ci', '.']);
log('The OpenAPI document: redocly lint, and a client generated from it');
run(process.execPath, [path.join(root, 'scripts', 'openapi.mjs')]);

log(
  `Unit and integration tests (PGlite${process.env.TEST_DATABASE_URL ? ' + PostgreSQL' : ''}${process.env.TEST_REDIS_URL ? ' + Redis' : ''})`,
);
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const vitestJson = path.join(resultsDir, 'vitest.json');
const [cmd, ...pre] = pnpmCommand();
const vitest = spawnSync(
  cmd,
  [...pre, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  { stdio: 'inherit', cwd: root },
);

let e2e = { status: 1 };
if (vitest.status === 0) {
  log('Building the web app');
  pnpm(['build']);
  log('End-to-end tests (Playwright, Chromium)');
  e2e = spawnSync(cmd, [...pre, 'exec', 'playwright', 'test'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, CHROMIUM_PATH: CHROMIUM },
  });
}

function counts(file, read) {
  try {
    return read(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}
const v = counts(vitestJson, (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests,
  skipped: r.numPendingTests + r.numTodoTests,
}));
const p = counts(path.join(resultsDir, 'playwright.json'), (r) => ({
  passed: r.stats.expected,
  failed: r.stats.unexpected + r.stats.flaky,
  skipped: r.stats.skipped,
}));
const failedRun = vitest.status !== 0 || e2e.status !== 0;
const failed = v.failed + p.failed || (failedRun ? 1 : 0);
process.stdout.write(`\n${v.passed + p.passed} passed, ${failed} failed, ${v.skipped + p.skipped} skipped\n`);
if (failedRun) run('false', []);

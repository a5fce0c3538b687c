// `pnpm bench:console [runs]`: how fast the console feels in unthrottled Chromium, measured in the
// page (performance.now(), from navigation start). Starts the built system on its own data folder
// with 1,000 members (or uses BENCH_URL's, scripts/bench-web.mjs), signs in, and prints, as the
// median and p95 of `runs` runs (5 by default):
// - the users screen's first rows from navigation (a fresh browser context each run: empty cache),
//   and again with the cache warm (a reload);
// - the permission matrix's first rows from navigation (1,000 members; fresh context);
// - a search keystroke on the users screen to its results shown (the 300 ms debounce included,
//   and without it);
// - a matrix toggle click to its new state painted (the frame after the change);
// - the frames dropped while the matrix scrolls through its 1,000 rows at a steady speed.
// `--profile` also writes a CPU profile of the users screen's load (Chrome DevTools protocol) to
// .bench-data/users-load.cpuprofile and prints where the main thread's time went.
// Not a test: the figures depend on the machine and how busy it is (the load average is printed).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { loadAverage, median, percentile, print, webBenchSystem } from './bench-web.mjs';
import { chromiumLaunchOptions } from './chromium.mjs';
import { root } from './lib.mjs';

const RUNS = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 5);
const MEMBERS = 1000;
const SEARCH_DEBOUNCE_MS = 300;
const TOGGLES = 20;
const USERS_ROW = '#users-table tbody a[href^="/users/"]';
const MATRIX_ROW = '[role="grid"] [role="rowheader"]';
const MATRIX_CELL = '[role="grid"] [role="checkbox"]:not([aria-disabled="true"])';

/**
 * Runs in the page before its scripts: records, in performance.now() time (from navigation start),
 * when an element matching `window.__benchSelector` first appears.
 */
function firstMatchRecorder() {
  const check = () => {
    if (window.__benchFirst === undefined && window.__benchSelector && document.querySelector(window.__benchSelector)) {
      window.__benchFirst = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

const system = await webBenchSystem({ name: 'console', members: MEMBERS });
const browser = await chromium.launch(chromiumLaunchOptions);
const results = [];
const ms = (value) => `${Math.round(value)} ms`;
function record(label, values, target) {
  results.push({ label, p50: median(values), p95: percentile(values, 95), n: values.length, target });
}

async function freshPage(selector) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    storageState: { cookies: system.cookies, origins: [] },
  });
  await context.addInitScript(`window.__benchSelector = ${JSON.stringify(selector)};`);
  await context.addInitScript(firstMatchRecorder);
  return { context, page: await context.newPage() };
}

async function firstRows(pathname, selector, { warm = false } = {}) {
  const { context, page } = await freshPage(selector);
  try {
    await page.goto(`${system.url}${pathname}`);
    if (warm) {
      await page.waitForFunction(() => window.__benchFirst !== undefined, null, { timeout: 60_000 });
      await page.reload();
    }
    await page.waitForFunction(() => window.__benchFirst !== undefined, null, { timeout: 60_000 });
    return await page.evaluate(() => window.__benchFirst);
  } finally {
    await context.close();
  }
}

try {
  print(`\nConsole in unthrottled Chromium, ${RUNS} runs (p50 / p95), ${MEMBERS} members`);
  print(`load average before: ${loadAverage()}\n`);

  // Warm the servers (first queries, compiled code) before anything is timed.
  await firstRows('/users', USERS_ROW);
  await firstRows('/permissions', MATRIX_ROW);

  const users = [];
  const usersWarm = [];
  const matrix = [];
  for (let i = 0; i < RUNS; i++) {
    users.push(await firstRows('/users', USERS_ROW));
    usersWarm.push(await firstRows('/users', USERS_ROW, { warm: true }));
    matrix.push(await firstRows('/permissions', MATRIX_ROW));
  }
  record('users screen: first rows from navigation (empty cache)', users, 1000);
  record('users screen: first rows from navigation (cache warm)', usersWarm, 1000);
  record(`matrix (${MEMBERS.toLocaleString('en')} members): first rows from navigation`, matrix, 1500);

  // A keystroke in the users screen's search to the rows of its results on screen.
  {
    const { context, page } = await freshPage(USERS_ROW);
    await page.goto(`${system.url}/users`);
    await page.locator(USERS_ROW).first().waitFor();
    const search = page.getByRole('searchbox', { name: 'Search' });
    const totals = [];
    for (let i = 0; i < RUNS; i++) {
      // Member numbers that match a few rows each: "number 1<i>" then back to all.
      const term = `number 1${i}`;
      await search.fill(term.slice(0, -1));
      await page.waitForFunction((t) => new URL(location.href).searchParams.get('search') === t, term.slice(0, -1));
      await page.locator('#users-table[aria-busy="false"]').waitFor();
      await page.evaluate(() => {
        window.__benchKey = undefined;
        const input = document.querySelector('input[type="search"]');
        input.addEventListener('keydown', (event) => (window.__benchKey = event.timeStamp), { once: true });
      });
      await search.press(term.slice(-1));
      await page.waitForFunction(
        (t) => {
          const table = document.querySelector('#users-table');
          if (new URL(location.href).searchParams.get('search') !== t || table?.getAttribute('aria-busy') !== 'false')
            return false;
          window.__benchDone ??= performance.now();
          return true;
        },
        term,
        { polling: 'raf' },
      );
      totals.push(await page.evaluate(() => window.__benchDone - window.__benchKey));
      await page.evaluate(() => {
        window.__benchDone = undefined;
      });
    }
    await context.close();
    record(`search keystroke → results (${SEARCH_DEBOUNCE_MS} ms debounce included)`, totals);
    record(
      'search keystroke → results, after the debounce',
      totals.map((t) => t - SEARCH_DEBOUNCE_MS),
      350,
    );
  }

  // Matrix: click → the cell's new state painted; then scrolling through every row.
  {
    const { context, page } = await freshPage(MATRIX_ROW);
    await page.goto(`${system.url}/permissions`);
    await page.locator(MATRIX_CELL).first().waitFor();
    const clicks = [];
    for (let i = 0; i < TOGGLES; i++) {
      const cell = page.locator(MATRIX_CELL).nth(1);
      const before = await cell.getAttribute('aria-checked');
      await page.evaluate((selector) => {
        window.__benchPainted = undefined;
        const target = document.querySelectorAll(selector)[1];
        const started = { at: 0 };
        target.addEventListener('click', (event) => (started.at = event.timeStamp), { once: true, capture: true });
        const observer = new MutationObserver(() => {
          observer.disconnect();
          // The frame that shows the change: after the next animation frame has been painted.
          requestAnimationFrame(() => setTimeout(() => (window.__benchPainted = performance.now() - started.at)));
        });
        observer.observe(target, { attributes: true, attributeFilter: ['aria-checked'] });
      }, MATRIX_CELL);
      const settled = page.waitForResponse((r) => r.request().method() !== 'GET' && r.url().includes('/api/'));
      await cell.click();
      await page.waitForFunction(() => window.__benchPainted !== undefined);
      clicks.push(await page.evaluate(() => window.__benchPainted));
      await settled;
      await page.waitForFunction(
        ([selector, was]) => document.querySelectorAll(selector)[1]?.getAttribute('aria-checked') !== was,
        [MATRIX_CELL, before],
      );
      await page.waitForLoadState('networkidle');
    }
    record('matrix toggle: click → new state painted', clicks, 16.7);

    const scroll = await page.evaluate(async () => {
      const scroller = document.querySelector('[role="grid"]').parentElement;
      const step = 60;
      const intervals = [];
      let last = performance.now();
      scroller.scrollTop = 0;
      await new Promise((resolve) => {
        const frame = (now) => {
          intervals.push(now - last);
          last = now;
          scroller.scrollTop += step;
          if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) resolve(undefined);
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      const frame = 1000 / 60;
      const dropped = intervals.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / frame) - 1), 0);
      return {
        frames: intervals.length,
        dropped,
        longest: Math.max(...intervals),
        rows: document.querySelector('[role="grid"]').getAttribute('aria-rowcount'),
      };
    });
    await context.close();
    results.push({
      label: `matrix scroll through ${scroll.rows - 2} rows: frames dropped`,
      text: `${((100 * scroll.dropped) / (scroll.frames + scroll.dropped)).toFixed(1)} % (${scroll.dropped} of ${scroll.frames + scroll.dropped}; longest frame ${ms(scroll.longest)})`,
      target: '< 5 %',
    });
  }

  if (process.argv.includes('--profile')) await profileUsersLoad();

  print('| figure | p50 | p95 | target |');
  print('| --- | ---: | ---: | ---: |');
  for (const r of results) {
    if (r.text) print(`| ${r.label} | ${r.text} | | ${r.target} |`);
    else print(`| ${r.label} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.target ? `≤ ${r.target} ms` : ''} |`);
  }
  print(`\nload average after: ${loadAverage()}`);
} finally {
  await browser.close();
  await system.stop();
}

/**
 * A CPU profile (Chrome DevTools protocol, Profiler domain) of the users screen's load in a fresh
 * context, from navigation to its first rows; prints the self time by script and the top functions.
 */
async function profileUsersLoad() {
  const { context, page } = await freshPage(USERS_ROW);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${system.url}/users`);
  await page.waitForFunction(() => window.__benchFirst !== undefined, null, { timeout: 60_000 });
  const { profile } = await cdp.send('Profiler.stop');
  await context.close();
  const file = path.join(root, '.bench-data', 'users-load.cpuprofile');
  fs.writeFileSync(file, JSON.stringify(profile));
  print(`\nCPU profile of the users screen's load: ${path.relative(root, file)}`);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byScript = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const [id, micros] of self) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    total += micros;
    const script = frame.url ? new URL(frame.url).pathname : `(${frame.functionName || 'native'})`;
    byScript.set(script, (byScript.get(script) ?? 0) + micros);
    const fn = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  print(`busy (not idle): ${ms(total / 1000)}`);
  for (const [script, micros] of top(byScript, 12)) print(`  ${ms(micros / 1000).padStart(8)}  ${script}`);
  print('top functions (self time):');
  for (const [fn, micros] of top(byFunction, 20)) print(`  ${ms(micros / 1000).padStart(8)}  ${fn}`);
  print('');
}

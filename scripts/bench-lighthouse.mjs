// `pnpm bench:lighthouse [runs]`: Lighthouse's performance figures of the sign-in page and of the
// users screen (signed in, 60 members), in its mobile profile (default throttling: simulated slow
// 4G and a 4× slower CPU) and its desktop one. Starts the built system on its own data folder (or
// uses BENCH_URL's, scripts/bench-web.mjs), signs in and hands Lighthouse the session cookie, runs
// each page and profile `runs` times (3 by default) in Debian's Chromium, and prints the median
// score, LCP, TBT, and how many requests (all, and JavaScript) the page made. Not a test: the
// figures depend on the machine and how busy it is (the load average is printed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage, median, print, webBenchSystem } from './bench-web.mjs';
import { CHROMIUM_PATH } from './chromium.mjs';
import { root } from './lib.mjs';

const RUNS = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 3);
const PAGES = [
  { path: '/sign-in', signedIn: false },
  { path: '/users', signedIn: true },
];
const PROFILES = ['mobile', 'desktop'];
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
].join(' ');
const lighthouse = path.join(root, 'node_modules/.bin/lighthouse');

/** One Lighthouse run: its report's figures. */
function runLighthouse(url, profile, cookie, out) {
  const args = [
    url,
    '--quiet',
    '--only-categories=performance',
    '--output=json',
    `--output-path=${out}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    ...(profile === 'desktop' ? ['--preset=desktop'] : []),
    ...(cookie ? [`--extra-headers=${JSON.stringify({ Cookie: cookie })}`] : []),
  ];
  const result = spawnSync(lighthouse, args, {
    env: { ...process.env, CHROME_PATH: CHROMIUM_PATH },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`lighthouse ${url} (${profile}) failed: ${result.stderr?.slice(-2000)}`);
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out);
  if (report.runtimeError) throw new Error(`lighthouse ${url}: ${report.runtimeError.message}`);
  const requests = report.audits['network-requests'].details.items;
  return {
    finalUrl: report.finalDisplayedUrl ?? report.finalUrl,
    score: report.categories.performance.score,
    lcp: report.audits['largest-contentful-paint'].numericValue,
    tbt: report.audits['total-blocking-time'].numericValue,
    requests: requests.length,
    js: requests.filter((item) => item.resourceType === 'Script').length,
  };
}

/**
 * Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART, NO_FCP): such a
 * run is made again, twice at most, and said so.
 */
function withRetries(run) {
  for (let attempt = 1; ; attempt++) {
    try {
      return run();
    } catch (error) {
      if (attempt === 3) throw error;
      process.stderr.write(`${error.message.split('\n')[0]}: running it again\n`);
    }
  }
}

const system = await webBenchSystem({ name: 'lighthouse', members: 60 });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lighthouse-'));
try {
  print(
    `\nLighthouse ${spawnSync(lighthouse, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${RUNS} runs per page and profile, median`,
  );
  print(`load average before: ${loadAverage()}\n`);
  const rows = [];
  for (const profile of PROFILES) {
    for (const page of PAGES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const figures = withRetries(() =>
          runLighthouse(
            `${system.url}${page.path}`,
            profile,
            page.signedIn ? system.cookie : undefined,
            path.join(work, `run-${i}.json`),
          ),
        );
        if (!new URL(figures.finalUrl).pathname.startsWith(page.path)) {
          throw new Error(`${page.path} ended at ${figures.finalUrl}: not signed in?`);
        }
        runs.push(figures);
      }
      rows.push({
        page: page.path,
        profile,
        score: median(runs.map((r) => r.score)),
        lcp: median(runs.map((r) => r.lcp)),
        tbt: median(runs.map((r) => r.tbt)),
        requests: median(runs.map((r) => r.requests)),
        js: median(runs.map((r) => r.js)),
        scores: runs.map((r) => r.score.toFixed(2)).join(' '),
      });
    }
  }
  print('| page | profile | score | LCP | TBT | requests | JS requests | scores of the runs |');
  print('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    print(
      `| ${r.page} | ${r.profile} | ${r.score.toFixed(2)} | ${(r.lcp / 1000).toFixed(2)} s | ${(r.tbt / 1000).toFixed(2)} s | ${r.requests} | ${r.js} | ${r.scores} |`,
    );
  }
  print(`\nload average after: ${loadAverage()}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  await system.stop();
}

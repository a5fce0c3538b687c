// `pnpm bench:bundle`: how much JavaScript the sign-in page makes a browser download.
// Builds the web app when there is no build, starts the whole system (IAM API + BFF serving the
// build) on spare ports with a throw-away data folder, opens /sign-in in Debian's Chromium, waits
// until the form is usable and the network is idle, then lists every script the page loaded with
// its size as served, raw, and gzipped (zlib level 6, what the BFF's compression sends).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.mjs';
import { pnpm, root } from './lib.mjs';
import { benchSystem } from './system.mjs';

// Issue 19: no more than a hand-rolled MUI + react-query + react-hook-form + zod + react-router app (ADR 043).
const TARGET_KB = 177;
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const IAM_PORT = Number(process.env.BENCH_IAM_PORT ?? 4300);
const dist = path.join(root, 'apps/web/dist/index.html');

if (!fs.existsSync(dist) || process.argv.includes('--build')) pnpm(['--filter', '@team-access/web', 'build']);

const system = benchSystem({ name: 'bench-bundle', port: PORT, iamPort: IAM_PORT, env: { DATABASE_URL: '' } });

const kb = (bytes) => (bytes / 1024).toFixed(1);
let browser;
try {
  await system.startIam();
  await system.startBff();
  browser = await chromium.launch(chromiumLaunchOptions);

  const page = await browser.newPage();
  const scripts = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response);
  });
  await page.goto(`http://localhost:${PORT}/sign-in`, { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Sign in' }).waitFor();

  const rows = [];
  for (const response of scripts) {
    const body = await response.body();
    const sizes = await response.request().sizes();
    rows.push({
      file: new URL(response.url()).pathname,
      encoding: (await response.headerValue('content-encoding')) ?? 'none',
      served: sizes.responseBodySize,
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 6 }).length,
    });
  }
  rows.sort((a, b) => b.gzip - a.gzip);
  const total = rows.reduce(
    (sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, served: sum.served + row.served }),
    {
      raw: 0,
      gzip: 0,
      served: 0,
    },
  );

  process.stdout.write(`\nJavaScript loaded by /sign-in (${rows.length} files)\n\n`);
  process.stdout.write(
    `${'file'.padEnd(48)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'served KB'.padStart(10)}\n`,
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.file.padEnd(48)} ${kb(row.raw).padStart(8)} ${kb(row.gzip).padStart(8)} ${kb(row.served).padStart(10)} ${row.encoding}\n`,
    );
  }
  process.stdout.write(
    `${'total'.padEnd(48)} ${kb(total.raw).padStart(8)} ${kb(total.gzip).padStart(8)} ${kb(total.served).padStart(10)}\n`,
  );
  const verdict = total.gzip <= TARGET_KB * 1024 ? 'within' : 'OVER';
  process.stdout.write(`\nsign-in JavaScript, gzipped: ${kb(total.gzip)} KB (${verdict} the ${TARGET_KB} KB target)\n`);
} finally {
  await browser?.close();
  await system.stop();
}

// The system the browser benchmarks (`pnpm bench:lighthouse`, `pnpm bench:console`) measure: the
// built web app served by the BFF in production mode, the IAM API on embedded PGlite with a data
// folder kept between runs (seeded once), and an OWNER signed in. Or, with BENCH_URL, a system that
// is already running (then BENCH_EMAIL / BENCH_PASSWORD name an OWNER or ADMIN of it, and it is
// seeded the same way when it has fewer members). Plain Node plus Playwright's request client.
import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import { pnpm, root, waitFor } from './lib.mjs';
import { createSystem, ISOLATED_ENV } from './system.mjs';

export const PORT = Number(process.env.BENCH_PORT ?? 3975);
export const IAM_PORT = Number(process.env.BENCH_IAM_PORT ?? 4975);
const OWNER = {
  email: process.env.BENCH_EMAIL ?? 'owner@web-bench.example',
  password: process.env.BENCH_PASSWORD ?? 'web bench owner password',
};
const MEMBER_PASSWORD = 'web bench member password';

export const print = (line = '') => process.stdout.write(`${line}\n`);

/** The median and the p-th percentile (nearest rank) of some numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
export const median = (values) => percentile(values, 50);

/** The 1-, 5- and 15-minute load averages now: the machine is shared, every figure says how busy it was. */
export function loadAverage() {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/**
 * Starts the system on its own data folder (`.bench-data/<name>` under the repository, kept so the
 * seed is made once), or uses BENCH_URL's; makes sure it holds at least `members` members, and
 * returns its URL, the session cookie of the signed-in OWNER, and `stop()`.
 */
export async function webBenchSystem({ name, members }) {
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html')) || process.argv.includes('--build')) {
    pnpm(['--filter', '@team-access/web', 'build']);
  }
  let system;
  let url = process.env.BENCH_URL?.replace(/\/+$/, '');
  if (!url) {
    const dataDir = path.join(root, '.bench-data', name);
    fs.mkdirSync(dataDir, { recursive: true });
    system = createSystem({
      output: 'stderr',
      env: {
        ...process.env,
        ...ISOLATED_ENV,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        PORT: String(PORT),
        IAM_PORT: String(IAM_PORT),
        IAM_BOOTSTRAP_OWNER_EMAIL: OWNER.email,
        IAM_BOOTSTRAP_OWNER_PASSWORD: OWNER.password,
        APP_URL: '',
        ALLOWED_ORIGINS: '',
      },
    });
    process.on('SIGINT', () => system.stop().then(() => process.exit(130)));
    await system.startIam();
    await system.startBff({ ready: '/readyz' });
    url = `http://localhost:${PORT}`;
  } else {
    await waitFor(`${url}/readyz`);
  }

  const api = await request.newContext({ baseURL: url, extraHTTPHeaders: { 'x-csrf': '1' } });
  const signedIn = await api.post('/api/session', { data: OWNER });
  if (!signedIn.ok()) throw new Error(`sign-in as ${OWNER.email}: ${signedIn.status()} ${await signedIn.text()}`);
  await seedMembers(api, members);
  const { cookies } = await api.storageState();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return {
    url,
    /** The session cookie(s) as a `Cookie` header value. */
    cookie,
    /** The same cookies for a Playwright browser context's storage state. */
    cookies,
    async stop() {
      await api.dispose();
      await system?.stop();
    },
  };
}

/** Adds members (through the BFF, as the console does) until the tenant has `wanted` of them. */
async function seedMembers(api, wanted) {
  const list = await api.get('/api/iam/multi-user?limit=1');
  if (!list.ok()) throw new Error(`list members: ${list.status()} ${await list.text()}`);
  const body = await list.json();
  const have = Number(body.total);
  if (have >= wanted) return;
  print(`Seeding ${wanted - have} members (kept in the data folder for the next runs)…`);
  let next = have;
  const worker = async () => {
    while (next < wanted) {
      const n = ++next;
      const response = await api.post('/api/iam/multi-user', {
        data: {
          email: `member${String(n).padStart(4, '0')}@web-bench.example`,
          password: MEMBER_PASSWORD,
          firstName: `Member`,
          lastName: `Number ${n}`,
          permissions: n % 3 === 0 ? { journey: true } : {},
        },
      });
      if (response.status() !== 201 && response.status() !== 409) {
        throw new Error(`create member ${n}: ${response.status()} ${await response.text()}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

// `pnpm bench:users [count]`: how the user list answers at scale. Creates a throw-away database
// on the PostgreSQL server of BENCH_DATABASE_URL (default: the local test server), starts the IAM
// API on it, inserts `count` users (default 1,000,000) in one tenant, then times the list queries
// the screens send — first page, deep keyset pages, "contains" searches, filters — through HTTP.
// Prints median and p95 latency per query, and each answer's total (exact up to 10,000, then an
// estimate: ADR 033). Not a test: figures depend on the machine. Prints the load average too.
// BENCH_WARM_UP (20) untimed first-page requests come first. BENCH_DATABASE_NAME: seed a database
// of that name once and reuse it on later runs (it is kept; drop it by hand when done).
// BENCH_CPU_PROF=<folder>: the IAM API writes a CPU profile there (`scripts/cpu-profile.mjs`).
// BENCH_ONLY=<text>: time only the queries whose label contains it.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureUsers } from './bench-seed-users.mjs';
import { root } from './lib.mjs';
import { benchSystemOnOwnDatabase, SERVER_FLAGS } from './system.mjs';

const require = createRequire(path.join(root, 'apps/iam/package.json'));
const pg = require('pg');

const COUNT = Number(process.argv[2] ?? 1_000_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_IAM_PORT ?? 4900);
const ROUNDS = 30;
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 20);
if (process.env.BENCH_CPU_PROF) SERVER_FLAGS.iam.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
const print = (line = '') => process.stdout.write(`${line}\n`);
const { system, credentials, auth, databaseUrl, reused, cleanup } = await benchSystemOnOwnDatabase({
  name: 'bench-users',
  iamPort: PORT,
  adminUrl: ADMIN_URL,
  keep: process.env.BENCH_DATABASE_NAME,
});

try {
  await system.startIam();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  await ensureUsers(db, COUNT, credentials.apiKey, reused);
  // As autovacuum leaves a live table (and bench:audit does): statistics, and the visibility map
  // that lets counts and member look-ups read the indexes alone.
  await db.query('vacuum analyze');
  const [{ role_id: busyRole }] = (
    await db.query(`select role_id from user_roles group by role_id order by count(*) desc limit 1`)
  ).rows;
  const [{ id: someOrganization }] = (await db.query(`select id from organizations order by slug limit 1`)).rows;
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);
  await db.end();

  async function time(label, query) {
    if (process.env.BENCH_ONLY && !label.includes(process.env.BENCH_ONLY)) return { nextCursor: null };
    const samples = [];
    let answer;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const response = await fetch(`http://127.0.0.1:${PORT}/v2/client/multi-user?${query}`, {
        headers: { authorization: auth },
      });
      answer = await response.json();
      samples.push(performance.now() - t0);
      if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(answer)}`);
    }
    samples.sort((a, b) => a - b);
    const p = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
    print(
      `${label.padEnd(44)} median ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms   total ${String(answer.total).padStart(8)}${answer.totalIsCapped ? ' (capped: an estimate)' : ''}`,
    );
    return answer;
  }

  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  print(
    `User list on ${COUNT.toLocaleString('en')} users, PostgreSQL, ${ROUNDS} sequential requests each after ${WARM_UP} untimed; load average ${load()}\n`,
  );
  // Warm-up, not timed: a running IAM API has its pool's connections open and its code compiled;
  // the first requests after a start open them (a PostgreSQL backend each) and compile it.
  for (let i = 0; i < WARM_UP; i++)
    await (
      await fetch(`http://127.0.0.1:${PORT}/v2/client/multi-user?limit=50`, { headers: { authorization: auth } })
    ).json();
  let page = await time('first page, sort=email, limit=50', 'limit=50');
  for (let i = 0; i < 20 && page.nextCursor; i++) {
    page = await (
      await fetch(`http://127.0.0.1:${PORT}/v2/client/multi-user?limit=50&cursor=${page.nextCursor}`, {
        headers: { authorization: auth },
      })
    ).json();
  }
  await time('21st page (keyset cursor), sort=email', `limit=50&cursor=${page.nextCursor}`);
  await time('first page, sort=-lastLoginAt', 'limit=50&sort=-lastLoginAt');
  await time('first page, sort=name', 'limit=50&sort=name');
  await time('search "surname4242" (rare, contains)', 'limit=50&search=surname4242');
  await time('search "grace" (10% match, contains)', 'limit=50&search=grace');
  await time('search "user12345" (email prefix)', 'limit=50&search=user12345');
  await time('filter role=ADMIN&status=inactive', 'limit=50&role=ADMIN&status=inactive');
  await time('filter group=<a role> (holders of one role)', `limit=50&group=${busyRole}`);
  await time('filter organizationId=<an organization>', `limit=50&organizationId=${someOrganization}`);
  await time('matrix page: limit=200, sort=name', 'limit=200&sort=name');
  print(`\nLoad average at the end: ${load()}`);
} finally {
  await cleanup();
}

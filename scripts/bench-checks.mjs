// `pnpm bench:checks`: permission checks at the IAM API (issue 22, ADR 047), with no proxy in
// front, on PostgreSQL. Starts the IAM API on a throw-away database (on the server of
// BENCH_DATABASE_URL, default the local one, dropped at the end) seeded with BENCH_USERS members
// (default 10,000; 20 roles, every 4th member holding two), and measures with wrk (Debian's
// package) `POST /v2/client/permission-checks` server to server (client credentials only, the
// main use): a single check's latency on one connection (p50/p95/p99) and its rate on
// BENCH_CONNECTIONS (default 32); then batches of 100 and 1,000 pairs (random members × random
// catalog keys, a few unknown of each) in checks/s on BENCH_BATCH_CONNECTIONS (default 4), each
// the median of BENCH_ROUNDS interleaved rounds of BENCH_DURATION_S seconds. With explain too
// for the single check and the batch of 100. Port BENCH_IAM_PORT (default 4931).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureUsers } from './bench-seed-users.mjs';
import { root } from './lib.mjs';
import { cpuDuring } from './proc-cpu.mjs';
import { benchSystemOnOwnDatabase } from './system.mjs';
import { median, requireTools, wrk } from './wrk.mjs';

requireTools(['wrk']);

const IAM_PORT = Number(process.env.BENCH_IAM_PORT ?? 4931);
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BATCH_CONNECTIONS = Number(process.env.BENCH_BATCH_CONNECTIONS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const URL = `http://127.0.0.1:${IAM_PORT}/v2/client/permission-checks`;

const { system, auth, credentials, databaseUrl, reused, cleanup } = await benchSystemOnOwnDatabase({
  name: 'bench-checks',
  iamPort: IAM_PORT,
  adminUrl: ADMIN_URL,
  keep: process.env.BENCH_DATABASE_NAME,
});
const print = (line = '') => process.stdout.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

try {
  const iam = await system.startIam();
  const pg = createRequire(path.join(root, 'apps/iam/package.json'))('pg');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await ensureUsers(db, USERS, credentials.apiKey, reused);
  await db.query('analyze');
  print('done.');
  const ids = (
    await db.query(
      `select u.id from users u join tenants t on t.id = u.tenant_id where t.api_key = $1 order by random() limit 1000`,
      [credentials.apiKey],
    )
  ).rows.map((r) => r.id);

  // Random pairs; one in 50 names a key the catalog does not know.
  const catalog = await fetch(`http://127.0.0.1:${IAM_PORT}/v2/client/permissions`, {
    headers: { Authorization: auth },
  });
  const keys = (await catalog.json()).items.map((p) => p.key);
  let seed = 7;
  const next = (n) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const pairs = (n) =>
    Array.from({ length: n }, (_, i) => ({
      userId: ids[next(ids.length)],
      permission: i % 50 === 49 ? 'notInTheCatalog' : keys[next(keys.length)],
    }));
  const headers = { Authorization: auth, 'Content-Type': 'application/json' };
  const targets = [
    { label: 'single check', batch: 1, explain: false, connections: CONNECTIONS },
    { label: 'single check, explained', batch: 1, explain: true, connections: CONNECTIONS },
    { label: 'batch of 100', batch: 100, explain: false, connections: BATCH_CONNECTIONS },
    { label: 'batch of 100, explained', batch: 100, explain: true, connections: BATCH_CONNECTIONS },
    { label: 'batch of 1,000', batch: 1000, explain: false, connections: BATCH_CONNECTIONS },
  ].map((t) => ({ ...t, body: JSON.stringify({ checks: pairs(t.batch), ...(t.explain ? { explain: true } : {}) }) }));
  for (const t of targets) {
    const response = await fetch(URL, { method: 'POST', headers, body: t.body });
    const answer = await response.json();
    if (!response.ok || answer.results.length !== t.batch) throw new Error(`${t.label}: ${response.status}`);
  }
  const run = (t, connections) =>
    wrk({ url: URL, headers, body: t.body, connections, durationS: DURATION_S, work: system.work });

  print(
    `\nPOST /v2/client/permission-checks on PostgreSQL, server to server, ${USERS.toLocaleString('en')} members. ` +
      `${ROUNDS} interleaved rounds of ${DURATION_S}s, median shown.\n` +
      `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${load()} at the start.\n`,
  );
  for (const t of targets) run(t, t.connections); // warm-up: JIT, pool, prepared statements
  const loaded = new Map(targets.map((t) => [t, []]));
  const unloaded = new Map(targets.map((t) => [t, []]));
  // CPU µs per check of the IAM process and its PostgreSQL backends over each loaded run.
  const cpu = new Map(targets.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      const spent = await cpuDuring(db, iam.pid, () => run(t, t.connections));
      loaded.get(t).push(spent.result);
      const checks = spent.result.rps * DURATION_S * t.batch;
      cpu.get(t).push({ iam: (1000 * spent.app) / checks, db: (1000 * spent.db) / checks });
      unloaded.get(t).push(run(t, 1));
    }
  }
  await db.end();
  const f = (n, digits = 2) => n.toFixed(digits);
  const m = (runs, field) => median(runs.map((r) => r[field]));
  print(
    '| call | conn. | req/s | checks/s | p50 ms | p99 ms | p50 ms (1 conn.) | p95 ms (1 conn.) | p99 ms (1 conn.) |',
  );
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const t of targets) {
    const [l, u] = [loaded.get(t), unloaded.get(t)];
    const rps = m(l, 'rps');
    print(
      `| ${t.label} | ${t.connections} | ${f(rps, 0)} | ${f(rps * t.batch, 0)} | ${f(m(l, 'p50'))} | ${f(m(l, 'p99'))} | ${f(m(u, 'p50'), 3)} | ${f(m(u, 'p95'), 3)} | ${f(m(u, 'p99'), 3)} |`,
    );
  }
  print('\nCPU time per check under load (median of the rounds), and the checks/s two idle cores would then allow:');
  for (const t of targets) {
    const [iamUs, dbUs] = [m(cpu.get(t), 'iam'), m(cpu.get(t), 'db')];
    print(
      `- ${t.label}: IAM ${f(iamUs, 1)} µs, PostgreSQL ${f(dbUs, 1)} µs, together ${f(iamUs + dbUs, 1)} µs: at most ${f(2e6 / (iamUs + dbUs), 0)} checks/s on 2 cores`,
    );
  }
  const single = m(unloaded.get(targets[0]), 'p99');
  const batch = Math.max(
    ...targets.filter((t) => t.batch > 1 && !t.explain).map((t) => m(loaded.get(t), 'rps') * t.batch),
  );
  print(
    `\nSingle check p99 (1 connection) ${f(single, 3)} ms (target ≤ 2 ms): ${single <= 2 ? 'met' : 'missed'}; ` +
      `batches ${f(batch, 0)} checks/s at best (target ≥ 5,000): ${batch >= 5000 ? 'met' : 'missed'}. ` +
      `Load average now ${load()}.`,
  );
} finally {
  await cleanup();
}

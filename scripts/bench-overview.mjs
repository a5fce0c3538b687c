// `pnpm bench:overview [count]`: how GET /v2/client/overview answers for a tenant of `count`
// members (default 1,000,000), the bench:users tenant. Starts the IAM API on PostgreSQL
// (BENCH_DATABASE_URL, default the local server) over a throw-away database, or over
// BENCH_DATABASE_NAME's database, seeded once and kept (the same one `pnpm bench:users` reuses:
// its tenant and its members). Adds what the overview reads and bench:users does not seed, once:
// sign-ins over 30 days (10,000 a day in the audit log), 2,000 pending invitations (a tenth
// running out within 72 hours), 5,000 other audit events. Then times the request, sequentially,
// after untimed warm-up requests, and prints median and p95 with the answer's main figures and
// the load average. Not a test: figures depend on the machine.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureUsers } from './bench-seed-users.mjs';
import { root } from './lib.mjs';
import { benchSystemOnOwnDatabase } from './system.mjs';

const require = createRequire(path.join(root, 'apps/iam/package.json'));
const pg = require('pg');

const COUNT = Number(process.argv[2] ?? 1_000_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_IAM_PORT ?? 4901);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARM_UP = 5;
const print = (line = '') => process.stdout.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// The bench:users tenant (its API key comes from the name), so that its database is reused as is.
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
  const [{ id: tenantId }] = (await db.query('select id from tenants where api_key = $1', [credentials.apiKey])).rows;
  const [{ n: signIns }] = (
    await db.query(`select count(*)::int as n from audit_events where tenant_id = $1 and action = 'auth.signed_in'`, [
      tenantId,
    ])
  ).rows;
  if (signIns === 0) {
    process.stdout.write('adding sign-ins, invitations and changes… ');
    await db.query(
      `insert into audit_events (id, tenant_id, action, target_type, target_id, source, created_at)
       select gen_random_uuid(), $1, 'auth.signed_in', 'user', null, 'console', now() - (g * interval '259 milliseconds')
         from generate_series(1, 300000) g`,
      [tenantId],
    );
    await db.query(
      `insert into audit_events (id, tenant_id, action, target_type, target_id, target_name, source, created_at)
       select gen_random_uuid(), $1, 'user.updated', 'user', null, 'someone', 'api', now() - (g * interval '31 seconds')
         from generate_series(1, 5000) g`,
      [tenantId],
    );
    await db.query(
      `insert into invitations (id, tenant_id, email, role, token_hash, expires_at)
       select gen_random_uuid(), $1, 'invitee' || g || '@bench.example', 'MEMBER', sha256(('bench' || g)::bytea),
              now() + case when g % 10 = 0 then interval '24 hours' else interval '6 days' end
         from generate_series(1, 2000) g`,
      [tenantId],
    );
  }
  // As autovacuum leaves a live table: statistics, and the visibility map the index-only scans need.
  await db.query('vacuum analyze users, audit_events, invitations');
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);
  await db.end();

  const url = `http://127.0.0.1:${PORT}/v2/client/overview`;
  const ask = async () => {
    const response = await fetch(url, { headers: { authorization: auth } });
    const body = await response.json();
    if (!response.ok) throw new Error(`overview: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  for (let i = 0; i < WARM_UP; i++) await ask();
  print(
    `GET /v2/client/overview on ${COUNT.toLocaleString('en')} members, PostgreSQL, ${ROUNDS} sequential requests after ${WARM_UP} untimed; load average ${load()}`,
  );
  const samples = [];
  let answer;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    answer = await ask();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const p = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  print(`median ${p(0.5)} ms   p95 ${p(0.95)} ms   min ${p(0)} ms   max ${p(1)} ms`);
  const m = answer.members;
  print(
    `members ${m.total}: active ${m.byStatus.active}, inactive ${m.byStatus.inactive}; without two-step ${m.withoutTwoStep}; inactive 30 d ${m.inactive30Days}, 90 d ${m.inactive90Days}`,
  );
  print(
    `invitations pending ${answer.invitations.pending}, expiring ${answer.invitations.expiring}; roles ${answer.roles}; organizations ${answer.organizations}; sign-ins in 30 days ${answer.signInsPerDay.reduce((s, d) => s + d.count, 0)}`,
  );
  const top = answer.permissions.slice(0, 3).map((x) => `${x.key} ${x.members}`);
  print(
    `permissions (${answer.permissionCounts.estimated ? `estimated from ${answer.permissionCounts.membersRead} members` : 'exact'}): most held ${top.join(', ')}`,
  );
  print(`\nLoad average at the end: ${load()}`);
} finally {
  await cleanup();
}

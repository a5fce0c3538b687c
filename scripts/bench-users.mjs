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
  const seeded =
    reused &&
    Number(
      (
        await db.query('select count(*) as n from users u join tenants t on t.id = u.tenant_id where t.api_key = $1', [
          credentials.apiKey,
        ])
      ).rows[0].n,
    ) > COUNT;
  if (seeded) process.stdout.write(`Reusing the ${COUNT.toLocaleString('en')} users of BENCH_DATABASE_NAME… `);
  else await seed(db);
  async function seed(db) {
    process.stdout.write(`Inserting ${COUNT.toLocaleString('en')} users… `);
    await db.query(
      `insert into users (id, tenant_id, email, first_name, last_name, role, status, permissions, created_at, last_login_at)
     select gen_random_uuid(), t.id,
            'user' || g || '.' || substr(md5(g::text), 1, 6) || '@example.com',
            (array['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Linus','Margaret','Ken'])[1 + g % 10],
            'Surname' || (g % 50000),
            case when g % 20 = 0 then 'ADMIN' else 'MEMBER' end,
            case when g % 11 = 0 then 'inactive' else 'active' end,
            '{"ignite": true}'::jsonb,
            now() - (g || ' seconds')::interval,
            case when g % 3 = 0 then null else now() - ((g * 7) % 1000000 || ' seconds')::interval end
       from tenants t, generate_series(1, $1) as g
      where t.api_key = $2`,
      [COUNT, credentials.apiKey],
    );
    // Roles and organizations as a big tenant has them: 20 roles of 3 permissions, every 4th user
    // holding two of them (so pages carry permission sources), and 100 organizations of ~1,000.
    await db.query(
      `insert into roles (id, tenant_id, name, permissions)
     select gen_random_uuid(), t.id, 'Role ' || r,
            array[(array['ignite','journey','payments','billing','export'])[1 + r % 5], 'audienceSegment', 'Checkout']
       from tenants t, generate_series(1, 20) as r where t.api_key = $1`,
      [credentials.apiKey],
    );
    await db.query(
      `insert into user_roles (tenant_id, user_id, role_id)
     select u.tenant_id, u.id, r.id
       from (select id, tenant_id, row_number() over (order by id) as n from users) u
       join (select id, row_number() over (order by name) as k from roles) r
         on u.n % 4 = 0 and (r.k = 1 + u.n % 20 or r.k = 1 + (u.n + 7) % 20)`,
    );
    await db.query(
      `insert into organizations (id, tenant_id, name, slug)
     select gen_random_uuid(), t.id, 'Organization ' || o, 'organization-' || o
       from tenants t, generate_series(1, 100) as o where t.api_key = $1`,
      [credentials.apiKey],
    );
    await db.query(
      `insert into organization_members (tenant_id, organization_id, user_id, org_role)
     select u.tenant_id, o.id, u.id, case when u.n % 1000 = 0 then 'ORG_ADMIN' else 'ORG_MEMBER' end
       from (select id, tenant_id, row_number() over (order by id) as n from users) u
       join (select id, row_number() over (order by slug) as k from organizations) o
         on u.n % 10 = 0 and o.k = 1 + (u.n / 10) % 100`,
    );
  }
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

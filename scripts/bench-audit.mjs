// `pnpm bench:audit [count]`: the audit log at scale. Creates a throw-away database on the
// PostgreSQL server of BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local server), starts
// the IAM API on it, inserts 10,000 users and `count` audit events (default 1,000,000) in one
// tenant with SQL, then times the list pages the Audit screen and the Activity tabs ask for
// through HTTP (p50/p95), and streams exports of 10,000 and 100,000 events while sampling the IAM
// process's resident memory. Not a test: figures depend on the machine.
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './lib.mjs';
import { benchSystemOnOwnDatabase, rssMiB } from './system.mjs';

const require = createRequire(path.join(root, 'apps/iam/package.json'));
const pg = require('pg');

const COUNT = Number(process.argv[2] ?? 1_000_000);
const USERS = 10_000;
const ACTORS = 200;
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_IAM_PORT ?? 4910);
const ROUNDS = 40;
const print = (line = '') => process.stdout.write(`${line}\n`);
const { system, credentials, auth, databaseUrl, cleanup } = await benchSystemOnOwnDatabase({
  name: 'bench-audit',
  iamPort: PORT,
  adminUrl: ADMIN_URL,
});
const base = `http://127.0.0.1:${PORT}/v2/client/audit-events`;

try {
  const iam = await system.startIam();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  process.stdout.write(`Inserting ${USERS.toLocaleString('en')} users and ${COUNT.toLocaleString('en')} events… `);
  await db.query(
    `insert into users (id, tenant_id, email, first_name, last_name, role, status)
     select gen_random_uuid(), t.id, 'user' || g || '@example.com',
            (array['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Linus','Margaret','Ken'])[1 + g % 10],
            'Surname' || g, case when g <= ${ACTORS} then 'ADMIN' else 'MEMBER' end, 'active'
       from tenants t, generate_series(1, ${USERS}) as g where t.api_key = $1`,
    [credentials.apiKey],
  );
  await db.query(
    `insert into organizations (id, tenant_id, name, slug)
     select gen_random_uuid(), t.id, 'Organization ' || o, 'organization-' || o
       from tenants t, generate_series(1, 100) as o where t.api_key = $1`,
    [credentials.apiKey],
  );
  // Events one every ~31 s back from now (a year for 1M): 200 admins act; each of the 10,000 users
  // is the target of ~100; 10 % are organization events (100 organizations), 5 % sign-ins.
  await db.query(
    `with u as (select array_agg(id order by email) as ids, array_agg(email order by email) as emails,
                       array_agg(first_name || ' ' || last_name order by email) as names
                  from users where tenant_id = (select id from tenants where api_key = $1) and email like 'user%'),
          o as (select array_agg(id order by slug) as ids, array_agg(name order by slug) as names
                  from organizations where tenant_id = (select id from tenants where api_key = $1)),
          g as (select g, 1 + g % ${ACTORS} as a, 1 + (g::bigint * 7919) % ${USERS} as t, 1 + g % 100 as org, g % 20 as kind
                  from generate_series(1, $2) as g)
     insert into audit_events (id, tenant_id, actor_user_id, actor_name, actor_email, action, target_type, target_id,
                               target_name, target_email, organization_id, source, before, after, request_id, ip,
                               created_at)
     select gen_random_uuid(), (select id from tenants where api_key = $1),
            u.ids[g.a], u.names[g.a], u.emails[g.a],
            case when g.kind < 12 then 'user.permissions_changed' when g.kind < 15 then 'user.roles_changed'
                 when g.kind < 17 then 'organization.member_added' when g.kind < 18 then 'user.updated'
                 when g.kind < 19 then 'auth.signed_in' else 'organization.member_role_changed' end,
            case when g.kind in (15, 16, 19) then 'organization' when g.kind = 18 then 'session' else 'user' end,
            case when g.kind in (15, 16, 19) then o.ids[g.org]::text else u.ids[g.t]::text end,
            case when g.kind in (15, 16, 19) then o.names[g.org] else u.names[g.t] end,
            case when g.kind in (15, 16, 19) then null else u.emails[g.t] end,
            case when g.kind in (15, 16, 19) then o.ids[g.org] end,
            case when g.kind = 18 then 'api' else 'console' end,
            '{"permissions": {"Checkout": null}}'::jsonb, '{"permissions": {"Checkout": true}}'::jsonb,
            md5(g.g::text), '203.0.113.' || (g.g % 250),
            now() - make_interval(secs => g.g * 31.5)
       from g, u, o`,
    [credentials.apiKey, COUNT],
  );
  // As autovacuum leaves a table at rest: statistics, and a visibility map for index-only scans.
  await db.query('vacuum analyze');
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);

  const pick = async (sql, params = []) => (await db.query(sql, params)).rows[0];
  const actor = await pick(
    `select actor_user_id as id from audit_events where actor_user_id is not null order by created_at desc limit 1`,
  );
  const target = await pick(
    `select target_id as id, target_email as email from audit_events
      where target_type = 'user' and actor_user_id is not null order by created_at desc limit 1`,
  );
  const org = await pick(`select organization_id as id from audit_events where organization_id is not null limit 1`);
  const cursorAt = async (offset) => {
    const row = await pick(
      `select created_at::text as v, id as i from audit_events order by created_at desc, id desc offset $1 limit 1`,
      [offset],
    );
    return Buffer.from(JSON.stringify({ k: 'audit', v: row.v, i: row.i })).toString('base64url');
  };
  const deepCursor = await cursorAt(Math.floor(COUNT / 2));
  const dayAgo = await pick(`select (now() - interval '30 days')::timestamptz as t`);
  const from = new Date(dayAgo.t.getTime() - 86_400_000).toISOString();
  const to = dayAgo.t.toISOString();

  async function time(label, query) {
    const samples = [];
    let answer;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const response = await fetch(`${base}?${query}`, { headers: { authorization: auth } });
      answer = await response.json();
      samples.push(performance.now() - t0);
      if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(answer)}`);
    }
    samples.sort((a, b) => a - b);
    const p = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
    print(
      `${label.padEnd(46)} p50 ${p(0.5).padStart(6)} ms   p95 ${p(0.95).padStart(6)} ms   items ${String(answer.items.length).padStart(3)}`,
    );
  }

  print(`Audit list on ${COUNT.toLocaleString('en')} events, PostgreSQL, ${ROUNDS} sequential requests each\n`);
  await time('first page (limit=50)', 'limit=50');
  await time(`deep cursor page (after event ${(COUNT / 2).toLocaleString('en')})`, `limit=50&cursor=${deepCursor}`);
  await time('by actor (actorId, ~5,000 events)', `limit=50&actorId=${actor.id}`);
  await time('by target (targetType=user&targetId, ~95)', `limit=50&targetType=user&targetId=${target.id}`);
  await time('by or about a user (userId)', `limit=50&userId=${target.id}`);
  await time('by action (user.roles_changed, 15 %)', 'limit=50&action=user.roles_changed');
  await time('by organization (organizationId, ~1,500)', `limit=50&organizationId=${org.id}`);
  await time('one day, 30 days ago (from/to)', `limit=50&from=${from}&to=${to}`);
  await time(`free text q=<a whole email> (~95, exact)`, `limit=50&q=${encodeURIComponent(target.email)}`);
  const surname = target.email.replace(/^user(\d+)@.*$/, 'Surname$1');
  await time(`free text q=<a surname> (trigram)`, `limit=50&q=${surname}`);
  await time('Audit screen page: limit=200', 'limit=200');

  // Exports: stream N events (the newest N: from = the N-th event's time) while sampling RSS.
  print(`\nExport streamed from PostgreSQL, IAM resident memory sampled every 10 ms (pid ${iam.pid})\n`);
  // Flat means the peak does not grow with the export: 1M events must peak no higher than 100k.
  const peaks = {};
  for (const n of [...new Set([10_000, 100_000, COUNT])].filter((size) => size <= COUNT)) {
    for (const format of ['ndjson', 'csv']) {
      const edge = await pick(
        `select created_at from audit_events order by created_at desc, id desc offset $1 limit 1`,
        [n - 1],
      );
      global.gc?.();
      const before = rssMiB(iam.pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMiB(iam.pid));
      }, 10);
      const t0 = performance.now();
      const response = await fetch(`${base}/export?format=${format}&from=${edge.created_at.toISOString()}`, {
        headers: { authorization: auth },
      });
      let bytes = 0;
      let lines = 0;
      for await (const chunk of response.body) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines++;
      }
      clearInterval(sampler);
      peak = Math.max(peak, rssMiB(iam.pid));
      const rows = format === 'csv' ? lines - 1 : lines;
      peaks[`${format} ${n}`] = peak - before;
      print(
        `${`${format.padEnd(6)} ${n.toLocaleString('en').padStart(7)} events`.padEnd(24)} rows ${String(rows).padStart(7)}   ${(bytes / 2 ** 20).toFixed(1).padStart(6)} MiB   ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s   RSS before ${before.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB (+${(peak - before).toFixed(0)})`,
      );
    }
  }
  if (COUNT > 100_000) {
    const growth = (format) => peaks[`${format} ${COUNT}`] - peaks[`${format} 100000`];
    print(
      `\nGrowth of the peak from 100,000 to ${COUNT.toLocaleString('en')} events: ndjson ${growth('ndjson').toFixed(0)} MiB, csv ${growth('csv').toFixed(0)} MiB`,
    );
  }
  await db.end();
} finally {
  await cleanup();
}

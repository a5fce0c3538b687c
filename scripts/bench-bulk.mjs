// `pnpm bench:bulk [members]`: a bulk change of 10,000 members (default) run as a job on
// PostgreSQL (database `bench_bulk` on the server of BENCH_DATABASE_URL, else TEST_DATABASE_URL,
// else the local one; dropped at the end). Starts the IAM API on it, inserts the members with SQL
// (every 100th inactive already), asks it to deactivate them all through HTTP, polls the job's
// progress, and samples the IAM process's resident memory throughout: it prints the duration, the
// rate, and the peak RSS at each quarter (flat memory: the peak must not grow with the members
// done). Then downloads the outcome file. Not a test: figures depend on the machine.
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './lib.mjs';
import { benchSystemOnOwnDatabase, rssMiB } from './system.mjs';

const require = createRequire(path.join(root, 'apps/iam/package.json'));
const pg = require('pg');

const MEMBERS = Number(process.argv[2] ?? 10_000);
const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_IAM_PORT ?? 4810);
const print = (line = '') => process.stdout.write(`${line}\n`);
const { system, credentials, auth, databaseUrl, cleanup } = await benchSystemOnOwnDatabase({
  name: 'bench-bulk',
  iamPort: PORT,
  adminUrl: ADMIN_URL,
  database: 'bench_bulk',
});
const base = `http://127.0.0.1:${PORT}/v2/client`;
const headers = { authorization: auth, 'content-type': 'application/json' };

try {
  const iam = await system.startIam();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `insert into users (id, tenant_id, email, first_name, last_name, role, status, permissions)
     select gen_random_uuid(), t.id, 'm' || lpad(g::text, 6, '0') || '@bulk.bench', 'Bulk', 'Member ' || g,
            'MEMBER', case when g % 100 = 0 then 'inactive' else 'active' end, '{}'::jsonb
       from tenants t, generate_series(1, $2::int) as g where t.api_key = $1`,
    [credentials.apiKey, MEMBERS],
  );
  await db.end();
  const body = JSON.stringify({ selection: { filter: { search: '@bulk.bench' } }, action: { type: 'deactivate' } });

  const planStarted = performance.now();
  const plan = await (await fetch(`${base}/bulk-changes/dry-run`, { method: 'POST', headers, body })).json();
  print(
    `Dry run of ${plan.total.toLocaleString('en')} members: ${plan.changed.toLocaleString('en')} to change, ${plan.skipped} skipped (${((performance.now() - planStarted) / 1000).toFixed(1)} s)`,
  );

  const before = rssMiB(iam.pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(iam.pid));
  }, 50);
  const started = performance.now();
  const res = await fetch(`${base}/bulk-changes`, { method: 'POST', headers, body });
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${await res.text()}`);
  const { id } = await res.json();
  let job;
  let quarter = 1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    job = await (await fetch(`${base}/jobs/${id}`, { headers })).json();
    while (quarter <= 4 && job.processed >= (job.total * quarter) / 4) {
      print(
        `${String(job.processed).padStart(6)} / ${job.total} done after ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s   peak RSS so far ${peak.toFixed(0)} MiB (+${(peak - before).toFixed(0)})`,
      );
      quarter += 1;
    }
    if (!['queued', 'running'].includes(job.status)) break;
  }
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  print(
    `\nJob ${job.status}: ${job.changed.toLocaleString('en')} changed, ${job.skipped} skipped, ${job.failed} failed in ${seconds.toFixed(1)} s (${(job.processed / seconds).toFixed(0)} members/s)`,
  );
  print(`IAM RSS before ${before.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB (+${(peak - before).toFixed(0)})`);

  const t0 = performance.now();
  const outcome = await fetch(`${base}/jobs/${id}/outcome`, { headers });
  let lines = 0;
  for await (const chunk of outcome.body) for (const b of chunk) if (b === 10) lines++;
  print(`Outcome file: ${lines - 1} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  await cleanup();
}

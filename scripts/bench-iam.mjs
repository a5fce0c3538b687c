// `pnpm bench:iam`: the IAM API's authenticated read on its own, with no proxy in front. Starts
// the IAM API on a throw-away PostgreSQL database (created on the server of BENCH_DATABASE_URL,
// default the local one, and dropped at the end), signs the owner in, and measures with wrk
// (Debian's package) `GET /v2/client/permissions` with the client credentials and the actor token
// (what the BFF sends for a signed-in admin), and with the client credentials only (a
// server-to-server call): throughput at saturation (BENCH_CONNECTIONS, default 32, one wrk
// thread) and latency unloaded (one connection), p50/p95/p99, each the median of BENCH_ROUNDS
// interleaved rounds of BENCH_DURATION_S seconds. Port BENCH_IAM_PORT (default 4930).
// BENCH_CPU_PROF=<folder>: the IAM API runs with `--cpu-prof` and writes its profile there when
// the run ends (open it in Chrome's DevTools, or summarise it with scripts/cpu-profile.mjs).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { root } from './lib.mjs';
import { cpuDuring } from './proc-cpu.mjs';
import { benchSystemOnOwnDatabase, SERVER_FLAGS } from './system.mjs';
import { median, requireTools, wrk } from './wrk.mjs';

requireTools(['wrk']);

const IAM_PORT = Number(process.env.BENCH_IAM_PORT ?? 4930);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const URL = `http://127.0.0.1:${IAM_PORT}/v2/client/permissions`;
if (process.env.BENCH_CPU_PROF) SERVER_FLAGS.iam.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);

const { system, auth, databaseUrl, cleanup } = await benchSystemOnOwnDatabase({
  name: 'bench-iam',
  iamPort: IAM_PORT,
  adminUrl: ADMIN_URL,
  keep: process.env.BENCH_DATABASE_NAME,
});
const print = (line = '') => process.stdout.write(`${line}\n`);

try {
  const iam = await system.startIam();
  // CPU time per request (scripts/proc-cpu.mjs), over each loaded run.
  const pg = createRequire(path.join(root, 'apps/iam/package.json'))('pg');
  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  const cpu = { actor: [], client: [] };
  const signIn = await fetch(`http://127.0.0.1:${IAM_PORT}/v2/client/auth/sign-in`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@bench.example', password: 'bench owner password' }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const { token } = await signIn.json();
  const targets = {
    actor: { label: 'client credentials + actor token', headers: { Authorization: auth, 'x-actor-token': token } },
    client: { label: 'client credentials only', headers: { Authorization: auth } },
  };
  for (const t of Object.values(targets)) {
    const response = await fetch(URL, { headers: t.headers });
    if (!response.ok) throw new Error(`${t.label}: ${response.status} ${await response.text()}`);
  }
  const run = (t, connections) =>
    wrk({ url: URL, headers: t.headers, connections, durationS: DURATION_S, work: system.work });
  print(
    `GET /v2/client/permissions on PostgreSQL. ${ROUNDS} interleaved rounds of ${DURATION_S}s, median shown.\n` +
      `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the start.\n`,
  );
  for (const t of Object.values(targets)) run(t, CONNECTIONS); // warm-up: JIT, pool, caches
  const loaded = { actor: [], client: [] };
  const unloaded = { actor: [], client: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, t] of Object.entries(targets)) {
      const spent = await cpuDuring(probe, iam.pid, () => run(t, CONNECTIONS));
      const result = spent.result;
      loaded[key].push(result);
      const requests = result.rps * DURATION_S;
      cpu[key].push({ iam: (1000 * spent.app) / requests, db: (1000 * spent.db) / requests });
      unloaded[key].push(run(t, 1));
    }
  }
  const f = (n, digits = 2) => n.toFixed(digits);
  const m = (runs, field) => median(runs.map((r) => r[field]));
  print(
    `| call | req/s (${CONNECTIONS} conn.) | p50 ms | p95 ms | p99 ms | p50 ms (1 conn.) | p95 ms (1 conn.) | p99 ms (1 conn.) |`,
  );
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [key, t] of Object.entries(targets)) {
    const [l, u] = [loaded[key], unloaded[key]];
    print(
      `| ${t.label} | ${f(m(l, 'rps'), 0)} | ${f(m(l, 'p50'))} | ${f(m(l, 'p95'))} | ${f(m(l, 'p99'))} | ${f(m(u, 'p50'), 3)} | ${f(m(u, 'p95'), 3)} | ${f(m(u, 'p99'), 3)} |`,
    );
  }
  print(
    '\nCPU time per request at 32 connections (median of the rounds; the IAM process, its PostgreSQL backends, and what two idle cores would then allow with nothing for wrk):',
  );
  for (const [key, t] of Object.entries(targets)) {
    const [iamUs, dbUs] = [m(cpu[key], 'iam'), m(cpu[key], 'db')];
    print(
      `- ${t.label}: IAM ${f(iamUs, 0)} µs, PostgreSQL ${f(dbUs, 0)} µs, together ${f(iamUs + dbUs, 0)} µs: at most ${f(2e6 / (iamUs + dbUs), 0)} req/s on 2 cores`,
    );
  }
  await probe.end();
  const rps = m(loaded.actor, 'rps');
  const p50 = m(unloaded.actor, 'p50');
  print(
    `\nWith an actor token: ${f(rps, 0)} req/s (target ≥ 2,500): ${rps >= 2500 ? 'met' : 'missed'}; ` +
      `p50 unloaded ${f(p50, 3)} ms (target ≤ 1 ms): ${p50 <= 1 ? 'met' : 'missed'}. ` +
      `Load average now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}.`,
  );
} finally {
  await cleanup();
}

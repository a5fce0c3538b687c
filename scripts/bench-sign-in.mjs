// `pnpm bench:sign-in`: how many sign-ins per second the system takes, and what a burst does.
// Starts the IAM API (embedded PGlite, or PostgreSQL with BENCH_DATABASE_URL) and the BFF on
// spare ports with a throw-away data folder, then:
//   1. sustained sign-ins straight to the IAM API: closed loops of 1, 4 and 16 concurrent callers
//      for BENCH_DURATION_S seconds each → sign-ins/s, p50 and p99;
//   2. the same through the BFF (CSRF header, cookie answer), 16 concurrent callers;
//   3. a burst of BENCH_BURST (200) simultaneous sign-ins through the BFF → how many got 200, how
//      many 503 (the BFF's sign-in bound), anything else, and the slowest answer.
// Ports 3320/4320 (BENCH_PORT, BENCH_IAM_PORT). The brute-force limits are lifted for the run
// (every sign-in here is the same account from one address).
import os from 'node:os';
import { benchSystem } from './system.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3320);
const IAM_PORT = Number(process.env.BENCH_IAM_PORT ?? 4320);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const OWNER = { email: 'bench-owner@example.com', password: 'bench owner password, long enough' };

// Every sign-in here is the same account from one address: lift the brute-force limits.
const system = benchSystem({
  name: 'bench-sign-in',
  port: PORT,
  iamPort: IAM_PORT,
  owner: OWNER,
  env: { SIGN_IN_ACCOUNT_LIMIT: '1000000', SIGN_IN_IP_LIMIT: '1000000' },
});

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (value) => `${value.toFixed(0)} ms`;

function direct(authorization) {
  return () =>
    fetch(`http://127.0.0.1:${IAM_PORT}/v2/client/auth/sign-in`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
}

function throughBff() {
  return fetch(`http://127.0.0.1:${PORT}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf': '1' },
    body: JSON.stringify(OWNER),
  });
}

/** `concurrency` callers signing in back to back for DURATION_S seconds. */
async function sustained(signIn, concurrency) {
  const latencies = [];
  const statuses = new Map();
  const deadline = performance.now() + DURATION_S * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const res = await signIn();
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: (statuses.get(200) ?? 0) / seconds, latencies, statuses };
}

function statusText(statuses) {
  return [...statuses].map(([status, n]) => `${n}×${status}`).join(' ');
}

try {
  await system.startIam();
  await system.startBff();
  const database = system.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  process.stdout.write(`Sign-ins on ${database}, ${os.cpus().length} cores, ${DURATION_S} s per row\n\n`);
  process.stdout.write('| path | callers | sign-ins/s | p50 | p99 | answers |\n|---|--:|--:|--:|--:|---|\n');
  const signInDirect = direct(system.basicAuthorization());
  await sustained(signInDirect, 1); // warm-up: JIT, hash parameters, connection pools
  for (const [label, signIn, concurrency] of [
    ['IAM API', signInDirect, 1],
    ['IAM API', signInDirect, 4],
    ['IAM API', signInDirect, 16],
    ['BFF → IAM API', throughBff, 16],
  ]) {
    const r = await sustained(signIn, concurrency);
    process.stdout.write(
      `| ${label} | ${concurrency} | ${r.perSecond.toFixed(1)} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 99))} | ${statusText(r.statuses)} |\n`,
    );
  }

  const burst = await Promise.all(
    Array.from({ length: BURST }, async () => {
      const t = performance.now();
      const res = await throughBff();
      await res.arrayBuffer();
      return { status: res.status, latency: performance.now() - t, retryAfter: res.headers.get('retry-after') };
    }),
  );
  const statuses = new Map();
  for (const { status } of burst) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const latencies = burst.map((b) => b.latency).sort((a, b) => a - b);
  process.stdout.write(
    `\nBurst of ${BURST} simultaneous sign-ins through the BFF: ${statusText(statuses)}; p50 ${ms(percentile(latencies, 50))}, slowest ${ms(latencies.at(-1))}\n`,
  );
} finally {
  await system.stop();
}

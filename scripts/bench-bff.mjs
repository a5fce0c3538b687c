// `pnpm bench:bff`: what the BFF costs on the hot path. One run measures, side by side, the same
// cheap JSON GET (the permission catalog, `GET /v2/client/permissions`, with the same client
// credentials and actor token each time):
//   (a) straight from the IAM API,
//   (b) through nginx as a plain reverse proxy (Debian's package, keep-alive to the upstream),
//   (c) through the BFF with a signed-in session (session look-up, CSRF check, allow-list, proxy).
// With wrk (Debian's package): throughput at saturation (BENCH_CONNECTIONS connections, one wrk
// thread so the servers keep a core) and latency unloaded (one connection, one request at a time),
// each the median of BENCH_ROUNDS interleaved rounds, reported with ratios to (a) and (b).
// Servers on ports 3300-3399/4300-4399 (BENCH_PORT, BENCH_IAM_PORT, BENCH_NGINX_PORT), a
// throw-away data folder, LOG_LEVEL=warn for both Node servers and no access log in nginx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './lib.mjs';
import { benchSystem } from './system.mjs';
import { median, requireTools, wrk as wrkRun } from './wrk.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3310);
const IAM_PORT = Number(process.env.BENCH_IAM_PORT ?? 4310);
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT ?? 3311);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OWNER = { email: 'bench-owner@example.com', password: 'bench owner password, long enough' };
const ROUTE = '/permissions';

requireTools(['nginx', 'wrk']);

// One session drives every connection here, more than a browser's 6: lift the per-session cap.
const system = benchSystem({
  name: 'bench-bff',
  port: PORT,
  iamPort: IAM_PORT,
  owner: OWNER,
  env: { MAX_IN_FLIGHT_PER_SESSION: String(Math.max(16, CONNECTIONS * 2)) },
});
const { work } = system;

function nginxConfig() {
  const conf = path.join(work, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${work}/nginx-body;
  proxy_temp_path ${work}/nginx-proxy;
  upstream iam { server 127.0.0.1:${IAM_PORT}; keepalive 64; }
  server {
    listen 127.0.0.1:${NGINX_PORT};
    location / {
      proxy_pass http://iam;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`,
  );
  return conf;
}

const wrk = (url, headers, connections) => wrkRun({ url, headers, connections, durationS: DURATION_S, work });

try {
  await system.startIam();
  await system.startBff({ ready: false });
  system.start('nginx', 'nginx', ['-c', nginxConfig(), '-p', work]);
  await waitFor(`http://127.0.0.1:${PORT}/readyz`);

  const basic = system.basicAuthorization();
  // (a) and (b) send what the BFF sends the IAM API: client credentials and an actor token.
  const direct = await fetch(`http://127.0.0.1:${IAM_PORT}/v2/client/auth/sign-in`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  if (!direct.ok) throw new Error(`IAM sign-in failed: ${direct.status}`);
  const { token } = await direct.json();
  const iamHeaders = { Authorization: basic, 'x-actor-token': token };
  const signIn = await fetch(`http://127.0.0.1:${PORT}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf': '1' },
    body: JSON.stringify(OWNER),
  });
  if (!signIn.ok) throw new Error(`BFF sign-in failed: ${signIn.status}`);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const bffHeaders = { Cookie: cookie, 'X-CSRF': '1' };

  const targets = {
    a: { label: '(a) IAM API directly', url: `http://127.0.0.1:${IAM_PORT}/v2/client${ROUTE}`, headers: iamHeaders },
    b: { label: '(b) nginx → IAM API', url: `http://127.0.0.1:${NGINX_PORT}/v2/client${ROUTE}`, headers: iamHeaders },
    c: { label: '(c) BFF → IAM API', url: `http://127.0.0.1:${PORT}/api/iam${ROUTE}`, headers: bffHeaders },
  };
  const sizes = {};
  for (const [key, t] of Object.entries(targets)) {
    const response = await fetch(t.url, { headers: t.headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`${t.label}: ${response.status} ${body}`);
    sizes[key] = body.length;
  }
  if (new Set(Object.values(sizes)).size !== 1) throw new Error(`the three answers differ: ${JSON.stringify(sizes)}`);

  process.stdout.write(
    `GET ${ROUTE}: ${sizes.a} bytes of JSON. ${ROUNDS} interleaved rounds of ${DURATION_S}s each, median shown.\n` +
      `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}).\n\n`,
  );
  // Warm-up: JIT, keep-alive pools, the database's caches.
  for (const t of Object.values(targets)) wrk(t.url, t.headers, CONNECTIONS);

  const loaded = { a: [], b: [], c: [] };
  const unloaded = { a: [], b: [], c: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const key of Object.keys(targets)) {
      const t = targets[key];
      loaded[key].push(wrk(t.url, t.headers, CONNECTIONS));
      unloaded[key].push(wrk(t.url, t.headers, 1));
    }
  }
  const summary = {};
  for (const key of Object.keys(targets)) {
    summary[key] = {
      rps: median(loaded[key].map((r) => r.rps)),
      p50: median(loaded[key].map((r) => r.p50)),
      p99: median(loaded[key].map((r) => r.p99)),
      idleP50: median(unloaded[key].map((r) => r.p50)),
      idleP99: median(unloaded[key].map((r) => r.p99)),
    };
  }
  const f = (n, digits = 2) => n.toFixed(digits);
  const rows = Object.entries(targets).map(([key, t]) => {
    const s = summary[key];
    return `| ${t.label} | ${f(s.rps, 0)} | ${f(s.rps / summary.a.rps)}× | ${f(s.rps / summary.b.rps)}× | ${f(s.p50)} | ${f(s.p99)} | ${f(s.idleP50, 3)} | ${f(s.idleP99, 3)} |`;
  });
  process.stdout.write(
    [
      `| path | req/s (${CONNECTIONS} conn.) | vs (a) | vs (b) | p50 ms | p99 ms | p50 ms (1 conn.) | p99 ms (1 conn.) |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
    ].join('\n'),
  );
  const ratio = summary.c.rps / summary.b.rps;
  const added = summary.c.idleP50 - summary.a.idleP50;
  process.stdout.write(
    `\nBFF throughput ${f(ratio)}× nginx's (target ≥ 0.35×): ${ratio >= 0.35 ? 'met' : 'missed'}.\n` +
      `BFF adds ${f(added, 3)} ms to the unloaded median (target ≤ 0.25 ms): ${added <= 0.25 ? 'met' : 'missed'}.\n`,
  );
} finally {
  await system.stop();
}

// `pnpm bench:start`: how long `pnpm serve` takes until both servers answer /healthz, on an empty
// data folder (first start) and again on the same folder (second start), and the servers' memory
// (RSS) once idle. Runs the built servers (it builds them when stale) on free ports and a throw-away
// data folder. Issue 20's targets: second start ≤ 1.5 s, first ≤ 4 s, IAM RSS ≤ 300 MB.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ensureServersBuilt } from './build-servers.mjs';
import { root } from './lib.mjs';
import { freePort, ISOLATED_ENV, throwAwayDataDir } from './system.mjs';

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5_000);

async function healthy(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

const rssMb = (pid) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
};

async function startOnce(dataDir, port, iamPort) {
  let output = '';
  const started = performance.now();
  const serve = spawn(process.execPath, ['scripts/serve.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...ISOLATED_ENV,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      PORT: String(port),
      IAM_PORT: String(iamPort),
      APP_URL: '',
      ALLOWED_ORIGINS: '',
      IAM_BOOTSTRAP_OWNER_EMAIL: 'owner@bench.example',
      IAM_BOOTSTRAP_OWNER_PASSWORD: 'bench owner password',
    },
  });
  serve.stdout.on('data', (chunk) => {
    output += chunk;
  });
  serve.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const ready = { iam: 0, bff: 0 };
  while (!ready.iam || !ready.bff) {
    if (serve.exitCode !== null) throw new Error(`serve exited with ${serve.exitCode}:\n${output}`);
    const now = () => performance.now() - started;
    if (!ready.iam && (await healthy(`http://127.0.0.1:${iamPort}/healthz`))) ready.iam = now();
    if (!ready.bff && (await healthy(`http://127.0.0.1:${port}/healthz`))) ready.bff = now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const pid = (name) => Number([...output.matchAll(new RegExp(`▸ ${name} started \\(pid (\\d+)\\)`, 'g'))].at(-1)?.[1]);
  const rss = { iam: rssMb(pid('IAM API')), bff: rssMb(pid('BFF')) };
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.once('exit', resolve));
  return { ...ready, rss };
}

await ensureServersBuilt();
const dataDir = throwAwayDataDir('bench-start');
const [port, iamPort] = [await freePort(), await freePort()];
try {
  const first = await startOnce(dataDir, port, iamPort);
  const second = await startOnce(dataDir, port, iamPort);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const rows = [
    ['start', 'IAM /healthz', 'BFF /healthz', `IAM RSS idle`, 'BFF RSS idle'],
    ['first (empty data folder)', s(first.iam), s(first.bff), `${first.rss.iam} MB`, `${first.rss.bff} MB`],
    ['second (data folder exists)', s(second.iam), s(second.bff), `${second.rss.iam} MB`, `${second.rss.bff} MB`],
  ];
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// `pnpm bench:start`: how long `pnpm serve` takes until both servers answer /healthz, on an empty
// data folder (first start) and again on the same folder (second start), and the servers' memory
// (RSS) once idle. Runs the built servers (it builds them when stale) on free ports and a throw-away
// data folder. Issue 20's targets: second start ≤ 1.5 s, first ≤ 4 s, IAM RSS ≤ 300 MB.
// BENCH_PORT / BENCH_IAM_PORT pick the ports (else free ones); BENCH_ROUNDS repeats the pair of
// starts (a new data folder each round); BENCH_STEPS=1 runs the IAM API at `debug` and prints its
// start steps (`start: <step>`, ms since the previous one).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { ensureServersBuilt } from './build-servers.mjs';
import { root } from './lib.mjs';
import { freePort, ISOLATED_ENV, throwAwayDataDir } from './system.mjs';

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const STEPS = process.env.BENCH_STEPS === '1';

async function healthy(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

/** CPU time (user + system, every thread) a process has used so far, in seconds. */
const cpuSeconds = (pid) => {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
};

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
      LOG_LEVEL: STEPS ? 'debug' : 'warn',
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
  const pid = (name) => Number([...output.matchAll(new RegExp(`▸ ${name} started \\(pid (\\d+)\\)`, 'g'))].at(-1)?.[1]);
  const ready = { iam: 0, bff: 0, iamCpu: 0 };
  while (!ready.iam || !ready.bff) {
    if (serve.exitCode !== null) throw new Error(`serve exited with ${serve.exitCode}:\n${output}`);
    const now = () => performance.now() - started;
    if (!ready.iam && (await healthy(`http://127.0.0.1:${iamPort}/healthz`))) {
      ready.iam = now();
      ready.iamCpu = cpuSeconds(pid('IAM API'));
    }
    if (!ready.bff && (await healthy(`http://127.0.0.1:${port}/healthz`))) ready.bff = now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rss = { iam: rssMb(pid('IAM API')), bff: rssMb(pid('BFF')) };
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.once('exit', resolve));
  const steps = [...output.matchAll(/"step":"([^"]+)","ms":(\d+)/g)].map(([, step, ms]) => `${step} ${ms}`);
  return { ...ready, rss, steps };
}

await ensureServersBuilt();
const port = Number(process.env.BENCH_PORT) || (await freePort());
const iamPort = Number(process.env.BENCH_IAM_PORT) || (await freePort());
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const row = (cells) => process.stdout.write(`| ${cells.join(' | ')} |\n`);
row(['start', 'IAM /healthz', 'BFF /healthz', 'IAM CPU to /healthz', 'IAM RSS idle', 'BFF RSS idle', 'load average']);
for (let round = 0; round < ROUNDS; round += 1) {
  const dataDir = throwAwayDataDir('bench-start');
  try {
    for (const name of ['first (empty data folder)', 'second (data folder exists)']) {
      const load = os.loadavg()[0].toFixed(2);
      const r = await startOnce(dataDir, port, iamPort);
      row([name, s(r.iam), s(r.bff), `${r.iamCpu.toFixed(2)} s`, `${r.rss.iam} MB`, `${r.rss.bff} MB`, load]);
      if (STEPS) process.stdout.write(`  IAM start steps (ms): ${r.steps.join(', ')}\n`);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// The one place that starts the system: the IAM API (waiting for its /readyz), the BFF serving
// apps/web/dist (waiting for its /healthz or /readyz), Vite in development, and helpers such as
// nginx; and that stops them. Used by serve (and so `npm start` and the end-to-end tests), dev, the
// benchmarks and the e2e specs that need a system of their own. Plain Node, no dependencies.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureServersBuilt, serverBundle } from './build-servers.mjs';
import { pnpmCommand, root, waitFor } from './lib.mjs';

/** Blanks what a throw-away system must not inherit: credentials, databases, another IAM API. */
export const ISOLATED_ENV = { API_KEY: '', API_SECRET: '', DATABASE_URL: '', REDIS_URL: '', IAM_BASE_URL: '' };

/**
 * Node flags of the built servers. The IAM API compiles PGlite's WebAssembly (9 MB) with V8's
 * baseline compiler only (`--liftoff-only`): without it, V8 also recompiles PGlite's hot functions
 * with its optimizing compiler while the IAM API starts, which costs about a third of the start's
 * CPU time and 50 MB of memory for queries that are little faster (ADR 034). On PostgreSQL
 * (DATABASE_URL) it loads no WebAssembly, and the flag changes nothing.
 */
export const SERVER_FLAGS = {
  iam: ['--enable-source-maps', '--liftoff-only'],
  bff: ['--enable-source-maps'],
};

/** A port nobody listens on right now. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

/** A fresh, empty data folder under the system's temp directory. */
export function throwAwayDataDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `team-access-${name}-`));
}

/** Ends a child (SIGTERM) and resolves when it has exited. */
function stopChild(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    child.once('exit', () => resolve(undefined));
    child.kill('SIGTERM');
  });
}

/**
 * A system with the given environment (PORT, IAM_PORT, IAM_BASE_URL, DATA_DIR… as the servers read
 * them). Nothing starts until asked. `output`: 'inherit' shares our terminal, 'stderr' keeps only
 * the children's stderr, 'collect' keeps everything for `logs()`, 'tee' pipes both for a
 * supervisor (scripts/supervise.mjs) to copy. `watch` restarts a server when a
 * file it imports changes (`pnpm dev`).
 *
 * @param {{ env: Record<string, string | undefined>, watch?: boolean, output?: 'inherit' | 'stderr' | 'collect' | 'tee' }} options
 */
export function createSystem({ env: given, watch = false, output = 'inherit' }) {
  // The servers write to our pipe, not to the terminal: tell them a person reads their lines.
  const toTerminal = (output === 'inherit' || output === 'tee') && process.stdout.isTTY === true;
  const env = !given.LOG_FORMAT && toTerminal ? { ...given, LOG_FORMAT: 'pretty' } : given;
  const port = Number(env.PORT || 3000);
  const iamPort = Number(env.IAM_PORT || 4000);
  const iamUrl = (env.IAM_BASE_URL || `http://127.0.0.1:${iamPort}`).replace(/\/+$/, '');
  /** @type {Set<import('node:child_process').ChildProcess>} */
  const children = new Set();
  const stdio = {
    inherit: 'inherit',
    stderr: ['ignore', 'ignore', 'inherit'],
    collect: ['ignore', 'pipe', 'pipe'],
    // Piped for a supervisor that copies them to our terminal and keeps the last lines.
    tee: ['ignore', 'pipe', 'pipe'],
  }[output];
  let logs = '';
  let stopping = false;
  /** Children asked to stop: their exit is no news. */
  const stopped = new WeakSet();
  const end = (child) => {
    if (child) stopped.add(child);
    return stopChild(child);
  };
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let iam;

  /** Starts a child that `stop()` ends too; returns it. */
  function start(label, command, args, options = {}) {
    const child = spawn(command, args, { stdio, env, cwd: root, ...options });
    const collect = (chunk) => {
      logs += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (error) => process.stderr.write(`${label}: ${error.message}\n`));
    // With a terminal of its own (serve, dev), superviseChildren reports it; otherwise say so here.
    child.on('exit', (code, signal) => {
      if (!stopping && !stopped.has(child) && output !== 'inherit' && output !== 'tee')
        process.stderr.write(`${label} exited (${code ?? signal})\n`);
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }
  // The compiled bundle (scripts/build-servers.mjs, ADR 030); in watch mode the sources through tsx.
  const server = (app) =>
    start(
      app,
      process.execPath,
      watch ? ['--import', 'tsx', '--watch', 'src/server.ts'] : [...SERVER_FLAGS[app], serverBundle(app)],
      { cwd: path.join(root, 'apps', app) },
    );

  return {
    port,
    iamPort,
    iamUrl,
    /** The BFF, serving the built web app. */
    url: `http://localhost:${port}`,
    start,
    /** Starts the IAM API or the BFF and returns at once (for a supervisor; build them first). */
    spawnServer: (app) => server(app),
    /** Starts the IAM API and waits for its /readyz. */
    async startIam() {
      if (!watch) await ensureServersBuilt();
      iam = server('iam');
      await waitFor(`${iamUrl}/readyz`, { child: iam });
      return iam;
    },
    /** Stops the IAM API (the BFF keeps running). */
    stopIam: () => end(iam),
    /** Starts the BFF and waits for `ready` (a path; false returns at once). */
    async startBff({ ready = '/healthz' } = {}) {
      if (!watch) await ensureServersBuilt();
      const bff = server('bff');
      if (ready) await waitFor(`http://127.0.0.1:${port}${ready}`, { child: bff });
      return bff;
    },
    /** Starts Vite with hot reload on :5173 (it proxies /api to the BFF). */
    startVite() {
      const [pnpm, ...pre] = pnpmCommand();
      return start('web', pnpm, [...pre, '--filter', '@team-access/web', 'dev']);
    },
    /** The children running now. */
    children: () => [...children],
    /** What the children wrote so far (output: 'collect'). */
    logs: () => logs,
    /** Ends every child it started and resolves when they have exited. */
    async stop() {
      stopping = true;
      await Promise.all([...children].map(end));
    },
  };
}

/**
 * A throw-away system for a benchmark: a fresh data folder, the servers in production mode at
 * `warn` on the given ports, with a known owner (when given) and nothing else from the caller's
 * environment that would point them elsewhere. `stop()` ends every child it started (servers and
 * helpers such as nginx) and removes the folder; Ctrl-C does the same.
 */
export function benchSystem({ name, port, iamPort, owner, env: extra = {} }) {
  const work = throwAwayDataDir(name);
  const env = {
    ...process.env,
    ...ISOLATED_ENV,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: work,
    PORT: String(port),
    IAM_PORT: String(iamPort),
    ...(owner ? { IAM_BOOTSTRAP_OWNER_EMAIL: owner.email, IAM_BOOTSTRAP_OWNER_PASSWORD: owner.password } : {}),
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    // Benchmarks call the BFF at 127.0.0.1:PORT: the default Host allow-list (no APP_URL) answers it.
    APP_URL: '',
    ALLOWED_ORIGINS: '',
    ...extra,
  };
  const system = createSystem({ env, output: 'stderr' });
  async function stop() {
    await system.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.on('SIGINT', () => stop().then(() => process.exit(130)));
  return {
    work,
    env,
    /** Starts another child (nginx, say) that `stop()` ends too. */
    start: system.start,
    startIam: system.startIam,
    /** Starts the BFF and waits for its /readyz; `ready: false` returns at once. */
    startBff: ({ ready = true } = {}) => system.startBff({ ready: ready ? '/readyz' : false }),
    /** `Authorization: Basic …` from the credentials the IAM API generated. */
    basicAuthorization() {
      const { apiKey, apiSecret } = JSON.parse(fs.readFileSync(path.join(work, 'credentials.json'), 'utf8'));
      return `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
    },
    stop,
  };
}

/**
 * A bench system whose IAM API runs on a throw-away PostgreSQL database of its own (created on the
 * server of `adminUrl`, dropped by `cleanup()`, which also stops the system), with client
 * credentials made for the run: for the benchmarks that seed their data by SQL.
 *
 * `keep` (bench:users' and bench:iam's BENCH_DATABASE_NAME): a database of that name instead, created when missing and kept
 * after the run, so a big seed (bench:users at 1M) is made once and reused; `reused` says it
 * existed. The IAM API's start applies any new migration to it and rotates the tenant's secret to
 * this run's.
 */
export async function benchSystemOnOwnDatabase({ name, iamPort, adminUrl, database: fixed, keep }) {
  const pg = createRequire(path.join(root, 'apps/iam/package.json'))('pg');
  const tag = name.replaceAll('-', '_');
  const credentials = { apiKey: `ak_${tag}`, apiSecret: `as_${randomBytes(24).toString('hex')}` };
  const auth = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
  if (keep && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error(`BENCH_DATABASE_NAME: not a plain name: ${keep}`);
  // `keep`: a seeded database to reuse (BENCH_DATABASE_NAME); `database`: a fixed name (left over
  // from an interrupted run: dropped first); else a fresh one.
  const database = keep || fixed || `${tag}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const reused =
    Boolean(keep) && (await admin.query('select 1 from pg_database where datname = $1', [database])).rowCount > 0;
  if (fixed && !keep) await admin.query(`drop database if exists ${database} with (force)`);
  if (!reused) await admin.query(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const system = benchSystem({
    name,
    port: 0,
    iamPort,
    owner: { email: 'owner@bench.example', password: 'bench owner password' },
    env: { DATABASE_URL: url.toString(), API_KEY: credentials.apiKey, API_SECRET: credentials.apiSecret },
  });
  async function cleanup() {
    await system.stop();
    if (!keep) await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
  return { system, credentials, auth, databaseUrl: url.toString(), reused, cleanup };
}

/** A process's resident memory now, in MiB (Linux /proc), for the benchmarks that sample it. */
export function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

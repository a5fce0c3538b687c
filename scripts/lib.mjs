// Shared by the start, serve, dev, test and benchmark scripts. Plain Node (no dependencies), so it runs
// on a fresh machine before anything is installed.
import { execSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.9';

function onPath(command) {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

/** pnpm when it is installed, else the pinned version through npx (corepack is not needed). */
export function pnpmCommand() {
  return onPath('pnpm') ? ['pnpm'] : ['npx', '-y', `pnpm@${PNPM_VERSION}`];
}

export function log(message) {
  process.stdout.write(`\n\x1b[1m▸ ${message}\x1b[0m\n`);
}

/** Runs a command in the foreground; exits the script with its code when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status || 1);
  }
}

export function pnpm(args, options) {
  const [command, ...pre] = pnpmCommand();
  run(command, [...pre, ...args], options);
}

export async function waitFor(url, { timeoutMs = 90_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000}s`);
}

/** Starts a long-running child that shares our terminal; returns it. */
export function startChild(name, command, args, options) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  child.on('error', (error) => process.stderr.write(`${name}: ${error.message}\n`));
  return child;
}

/** Stops every child on Ctrl-C / SIGTERM, and everything when one of them dies. */
export function superviseChildren(children) {
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 200).unref();
    Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
      process.exit(code),
    );
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  for (const child of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`A server exited (code ${code}); stopping the others.\n`);
        stopAll(code || 1);
      }
    });
  }
}

/**
 * A throw-away system for a benchmark: a fresh data folder, the IAM API and the BFF run from
 * source in production mode at `warn` on the given ports, with a known owner and nothing else
 * from the caller's environment that would point them elsewhere. `stop()` ends every child it
 * started (servers and helpers such as nginx) and removes the folder; Ctrl-C does the same.
 */
export function benchSystem({ name, port, iamPort, owner, env: extra = {} }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `team-access-${name}-`));
  const children = [];
  let stopping = false;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: work,
    PORT: String(port),
    IAM_PORT: String(iamPort),
    IAM_BOOTSTRAP_OWNER_EMAIL: owner.email,
    IAM_BOOTSTRAP_OWNER_PASSWORD: owner.password,
    API_KEY: '',
    API_SECRET: '',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    REDIS_URL: '',
    IAM_BASE_URL: '',
    // Benchmarks call the BFF at 127.0.0.1:PORT: the default Host allow-list (no APP_URL) answers it.
    APP_URL: '',
    ALLOWED_ORIGINS: '',
    ...extra,
  };
  function start(label, command, args, options = {}) {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env, ...options });
    child.on('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`${label} exited (${code ?? signal})\n`);
    });
    children.push(child);
    return child;
  }
  const server = (app) =>
    start(app, process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: path.join(root, 'apps', app) });
  async function stop() {
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.on('SIGINT', () => stop().then(() => process.exit(130)));
  return {
    work,
    env,
    /** Starts another child (nginx, say) that `stop()` ends too. */
    start,
    async startIam() {
      server('iam');
      await waitFor(`http://127.0.0.1:${iamPort}/readyz`);
    },
    /** Starts the BFF; `ready: false` returns at once (when something it depends on comes next). */
    async startBff({ ready = true } = {}) {
      server('bff');
      if (ready) await waitFor(`http://127.0.0.1:${port}/readyz`);
    },
    /** `Authorization: Basic …` from the credentials the IAM API generated. */
    basicAuthorization() {
      const { apiKey, apiSecret } = JSON.parse(fs.readFileSync(path.join(work, 'credentials.json'), 'utf8'));
      return `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
    },
    stop,
  };
}

// Shared by the start, serve, dev, test, system and benchmark scripts. Plain Node (no dependencies), so it runs
// on a fresh machine before anything is installed.
import { execSync, spawnSync } from 'node:child_process';
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

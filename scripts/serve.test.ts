// `pnpm serve` as a service (issue 20, ADR 030): the IAM API or the BFF killed under it comes back
// by itself, with the data and the browser's session intact; `pnpm backup` while it runs and
// `pnpm restore` give back the backed-up state; SIGTERM stops both servers. Runs the real
// scripts/serve.mjs on its own ports and data folder (SERVE_TEST_PORT, SERVE_TEST_IAM_PORT).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from './backup-lib.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
// Not 4190: fetch refuses that port (ManageSieve is on the Fetch standard's list of bad ports).
const PORT = Number(process.env.SERVE_TEST_PORT ?? 3180);
const IAM_PORT = Number(process.env.SERVE_TEST_IAM_PORT ?? 4180);
const BFF = `http://127.0.0.1:${PORT}`;
const IAM = `http://127.0.0.1:${IAM_PORT}`;
const OWNER = { email: 'serve-owner@example.com', password: 'serve owner password, long enough' };

let dataDir = '';
let work = '';
let serve: ChildProcess;
let output = '';

/** Polls `url` until it answers 2xx; returns how long that took. No fixed sleeps. */
async function until(url: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return performance.now() - started;
    } catch {
      // not up (yet)
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms\n${output}`);
}

/** The pid of the server the supervisor started last under `name`. */
function pidOf(name: string): number {
  const pids = [...output.matchAll(new RegExp(`▸ ${name} started \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
  const pid = pids.at(-1);
  if (!pid) throw new Error(`no ${name} started yet\n${output}`);
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function untilNewPid(name: string, old: number): Promise<number> {
  while (pidOf(name) === old) await new Promise((resolve) => setTimeout(resolve, 20));
  return pidOf(name);
}

const run = promisify(execFile);
/** Runs a script of ours with DATA_DIR and IAM_PORT set as given. */
const script = (name: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, [`scripts/${name}`, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env } });

async function roleNames(pgliteDir: string): Promise<string[]> {
  const db = await openPglite(pgliteDir);
  try {
    const { rows } = await db.query('select name from roles order by name');
    return (rows as { name: string }[]).map((r) => r.name);
  } finally {
    await db.close();
  }
}

const api = (cookie: string, extra: Record<string, string> = {}) => ({
  'x-csrf': '1',
  cookie,
  ...extra,
});

describe('pnpm serve supervises both servers', () => {
  let cookie = '';

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(process.env.SERVE_TEST_DATA ?? os.tmpdir(), 'team-access-serve-'));
    dataDir = path.join(work, 'data');
    serve = spawn(process.execPath, ['scripts/serve.mjs'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(PORT),
        IAM_PORT: String(IAM_PORT),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        IAM_BOOTSTRAP_OWNER_EMAIL: OWNER.email,
        IAM_BOOTSTRAP_OWNER_PASSWORD: OWNER.password,
        API_KEY: '',
        API_SECRET: '',
        DATABASE_URL: '',
        REDIS_URL: '',
        IAM_BASE_URL: '',
        SESSION_SECRET: '',
        APP_URL: '',
        ALLOWED_ORIGINS: '',
      },
    });
    serve.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    serve.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await until(`${BFF}/readyz`, 110_000);

    const signIn = await fetch(`${BFF}/api/session`, {
      method: 'POST',
      headers: api('', { 'content-type': 'application/json' }),
      body: JSON.stringify(OWNER),
    });
    expect(signIn.status).toBe(200);
    cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/ta_session=/);
  });

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((resolve) => serve.once('exit', resolve));
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the IAM API killed: the BFF answers 503 problems meanwhile, the IAM API is back within seconds, data and session intact', async () => {
    const created = await fetch(`${BFF}/api/iam/roles`, {
      method: 'POST',
      headers: api(cookie, { 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'Made before the crash' }),
    });
    expect(created.status).toBe(201);

    const iamPid = pidOf('IAM API');
    process.kill(iamPid, 'SIGKILL');
    const killedAt = performance.now();
    // The BFF stays up: its SPA and health answer, and /api says 503 with a problem.
    expect((await fetch(`${BFF}/healthz`)).status).toBe(200);
    const meanwhile = await fetch(`${BFF}/api/session`, { headers: api(cookie) });
    expect(meanwhile.status).toBe(503);
    expect(meanwhile.headers.get('content-type')).toContain('application/problem+json');

    await untilNewPid('IAM API', iamPid);
    await until(`${IAM}/readyz`);
    const downFor = performance.now() - killedAt;
    process.stdout.write(`IAM API back ${Math.round(downFor)} ms after it was killed\n`);
    // Issue 20's target is 5 s on a quiet machine; a loaded CI machine gets some slack.
    expect(downFor).toBeLessThan(20_000);

    // The browser's session (kept by the BFF) is still valid, and the data is there.
    const session = await fetch(`${BFF}/api/session`, { headers: api(cookie) });
    expect(session.status).toBe(200);
    expect((await session.json()).user.email).toBe(OWNER.email);
    const roles = await fetch(`${BFF}/api/iam/roles`, { headers: api(cookie) });
    expect(roles.status).toBe(200);
    expect((await roles.json()).items.map((r: { name: string }) => r.name)).toContain('Made before the crash');
  });

  it('pnpm backup while it runs, then pnpm restore into an empty folder gives back the backed-up state', async () => {
    const file = path.join(work, 'backup.json');
    const backup = await script('backup.mjs', [file], { DATA_DIR: dataDir, IAM_PORT: String(IAM_PORT) });
    expect(backup.stdout).toContain(`from the IAM API on port ${IAM_PORT}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const later = await fetch(`${BFF}/api/iam/roles`, {
      method: 'POST',
      headers: api(cookie, { 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'Made after the backup' }),
    });
    expect(later.status).toBe(201);

    // A folder with data in it is refused, and left as it was.
    await expect(script('restore.mjs', [file], { DATA_DIR: dataDir })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not empty'),
    });
    const restored = path.join(work, 'restored');
    const restore = await script('restore.mjs', [file], { DATA_DIR: restored });
    expect(restore.stdout).toContain(`into ${restored}`);
    // The credentials and the key that seals two-step secrets come back with the database.
    for (const name of ['credentials.json', 'mfa-key']) {
      expect(fs.readFileSync(path.join(restored, name), 'utf8'), name).toBe(
        fs.readFileSync(path.join(dataDir, name), 'utf8'),
      );
    }
    const names = await roleNames(path.join(restored, 'pglite'));
    expect(names).toContain('Made before the crash');
    expect(names).not.toContain('Made after the backup');
  });

  it('the BFF killed: it comes back; SIGTERM then stops both servers and exits 0, and pnpm backup works offline', async () => {
    const bffPid = pidOf('BFF');
    process.kill(bffPid, 'SIGKILL');
    const newPid = await untilNewPid('BFF', bffPid);
    await until(`${BFF}/readyz`);
    expect(alive(newPid)).toBe(true);

    const iamPid = pidOf('IAM API');
    serve.kill('SIGTERM');
    const code = await new Promise((resolve) => serve.once('exit', resolve));
    expect(code).toBe(0);
    expect(alive(newPid)).toBe(false);
    expect(alive(iamPid)).toBe(false);

    // With nothing running, pnpm backup opens the data folder itself.
    const file = path.join(work, 'offline.json');
    const backup = await script('backup.mjs', [file], { DATA_DIR: dataDir, IAM_PORT: String(IAM_PORT) });
    expect(backup.stdout).toContain('no IAM API was running');
    const restored = path.join(work, 'restored-offline');
    await script('restore.mjs', [file], { DATA_DIR: restored });
    expect(await roleNames(path.join(restored, 'pglite'))).toEqual(
      expect.arrayContaining(['Made before the crash', 'Made after the backup']),
    );
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPglite } from './client.ts';
import { lockDataDir, prepareDataDir, StartupError } from './data-dir.ts';

describe('DATA_DIR', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-data-dir-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is made private to this account, also when it already existed', () => {
    fs.chmodSync(dir, 0o755);
    prepareDataDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const fresh = path.join(dir, 'new', 'nested');
    prepareDataDir(fresh);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
  });

  it('lets one process at a time use the embedded database, and says which one has it', () => {
    // A live process other than us holds the lock.
    fs.writeFileSync(path.join(dir, 'pglite.lock'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(StartupError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.ppid}.*DATA_DIR`));
  });

  it('takes over a lock left by a process that died, and releases it', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
    fs.writeFileSync(path.join(dir, 'pglite.lock'), `${dead}\n`);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'pglite.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });

  it('refuses a second PGlite on the same folder, and frees it on close', async () => {
    const folder = path.join(dir, 'pglite');
    const first = await openPglite(folder);
    await expect(openPglite(folder)).rejects.toThrow(StartupError);
    await first.close();
    const again = await openPglite(folder);
    expect(await again.ping()).toBe(true);
    await again.close();
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootstrap, DEFAULT_OWNER_EMAIL, resolveCredentials } from './bootstrap.ts';
import { openPglite, openPostgres } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { verifyPassword } from './security/password.ts';
import { announceFirstRun } from './server.ts';
import { testDatabases } from './testing/databases.ts';

const logger = createLogger('silent', 'test');
const credentials = { apiKey: 'ak_boot_key', apiSecret: 'as_boot_secret_long_enough_for_tests' };
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'iam-boot-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('first-run credentials', () => {
  it('when none are configured, then they are generated once, saved with mode 0600, and reused', async () => {
    const dataDir = await tempDir();

    const first = await resolveCredentials({ dataDir, apiKey: undefined, apiSecret: undefined });
    const second = await resolveCredentials({ dataDir, apiKey: undefined, apiSecret: undefined });

    expect(first.generated).toBe(true);
    expect(second).toEqual({ ...first, generated: false });
    const stat = await fs.stat(path.join(dataDir, 'credentials.json'));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('when API_KEY and API_SECRET are set, then they win and nothing is written', async () => {
    const dataDir = await tempDir();
    const resolved = await resolveCredentials({ dataDir, ...credentials });
    expect(resolved).toEqual({ ...credentials, generated: false });
    await expect(fs.stat(path.join(dataDir, 'credentials.json'))).rejects.toThrow();
  });
});

describe('bootstrap across restarts on an on-disk PGlite', () => {
  it('when the service starts twice, then one tenant and one owner exist and the owner is announced once', async () => {
    const dir = path.join(await tempDir(), 'pglite');

    let db = await openPglite(dir);
    await migrate(db);
    const first = await bootstrap(db, credentials, { email: undefined, password: undefined }, logger);
    await db.close();
    db = await openPglite(dir);
    expect(await migrate(db)).toEqual([]);
    const second = await bootstrap(db, credentials, { email: undefined, password: undefined }, logger);

    expect(first.owner?.email).toBe(DEFAULT_OWNER_EMAIL);
    expect(first.owner?.generatedPassword).toBe(true);
    expect(second.owner).toBeUndefined();
    expect(second.tenantId).toBe(first.tenantId);
    const users = await db.query<{ password_hash: string }>('select password_hash from users');
    expect(users).toHaveLength(1);
    expect(await verifyPassword(users[0]?.password_hash, first.owner?.password ?? '')).toBe(true);
    expect(users[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await db.close();
  });
});

describe.each(testDatabases)('bootstrap on $name', (database) => {
  it('when run again with a configured owner, then nothing is duplicated and the secret can rotate', async () => {
    const { db, drop } = await database.create({ empty: true });
    try {
      await migrate(db);
      const owner = { email: 'boss@example.com', password: 'a long owner password' };
      const first = await bootstrap(db, credentials, owner, logger);
      const rotated = await bootstrap(
        db,
        { ...credentials, apiSecret: 'as_rotated_secret_long_enough' },
        owner,
        logger,
      );

      expect(first.owner).toEqual({ ...owner, generatedPassword: false });
      expect(rotated.owner).toBeUndefined();
      expect(rotated.tenantId).toBe(first.tenantId);
      expect(await db.query('select id from tenants')).toHaveLength(1);
      expect(await db.query('select id from users')).toHaveLength(1);
    } finally {
      await drop();
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two instances starting at once on PostgreSQL', () => {
  it('when both migrate and bootstrap concurrently, then each migration applies once and one owner exists', async () => {
    const postgres = testDatabases.find((d) => d.name === 'postgres');
    const { db, url, drop } = await (postgres as (typeof testDatabases)[number]).create({ empty: true });
    const other = openPostgres(url as string);
    try {
      const [a, b] = await Promise.all([migrate(db), migrate(other)]);
      expect([...a, ...b].sort()).toEqual([...new Set([...a, ...b])].sort());
      expect(a.length === 0 || b.length === 0).toBe(true);

      const owner = { email: 'boss@example.com', password: 'a long owner password' };
      const results = await Promise.all([
        bootstrap(db, credentials, owner, logger),
        bootstrap(other, credentials, owner, logger),
      ]);
      expect(results.filter((r) => r.owner)).toHaveLength(1);
      expect(await db.query('select id from tenants')).toHaveLength(1);
      expect(await db.query("select id from users where role = 'OWNER'")).toHaveLength(1);
    } finally {
      await other.close();
      await drop();
    }
  });
});

/** What the code under test writes to stdout, kept instead of printed. */
function captureStdout() {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}

describe('the first run announces the owner account', () => {
  it('when the password was generated, then it is also in a file only the owner can read, whose path the banner prints', async () => {
    const dataDir = await tempDir();
    const printed = captureStdout();
    let file: string | undefined;
    try {
      file = await announceFirstRun(
        { email: 'first@example.com', password: 'generated-pw', generatedPassword: true },
        dataDir,
      );
    } finally {
      printed.restore();
    }
    expect(file).toBe(path.join(dataDir, 'first-run-owner.txt'));
    const stat = await fs.stat(file as string);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await fs.readFile(file as string, 'utf8')).toContain('password: generated-pw');
    expect(printed.text()).toContain(`also in:  ${file}`);
    expect(printed.text()).toContain('generated-pw');
  });

  it('when the password came from the environment, then no file is written and the banner does not repeat it', async () => {
    const dataDir = await tempDir();
    const printed = captureStdout();
    try {
      expect(
        await announceFirstRun({ email: 'first@example.com', password: 'from-env', generatedPassword: false }, dataDir),
      ).toBeUndefined();
    } finally {
      printed.restore();
    }
    expect(await fs.readdir(dataDir)).toEqual([]);
    expect(printed.text()).not.toContain('from-env');
  });
});

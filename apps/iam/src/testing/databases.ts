import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../db/client.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';

/** The installed PGlite's version (its package.json is not exported: read from apps/iam/node_modules). */
const PGLITE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
).version;

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /**
   * A fresh database of this kind with the schema (every migration applied by `migrate`) and no
   * rows; with `empty`, one with no schema either (the tests of `migrate` itself).
   */
  create(options?: { empty?: boolean }): Promise<{ db: Db; url?: string; drop(): Promise<void> }>;
}

/**
 * The migrations' names and contents, hashed: a copy of a migrated database is reused only while
 * they are unchanged (a new or edited migration makes a new one).
 */
let migrationsKey: Promise<string> | undefined;
function schemaKey(): Promise<string> {
  migrationsKey ??= loadMigrations().then((all) => {
    const hash = createHash('sha256');
    for (const m of all) hash.update(`${m.version}\0${m.name}\0${m.sql}\0`);
    return hash.digest('hex').slice(0, 16);
  });
  return migrationsKey;
}

/**
 * PGlite clusters dumped once to a file that every test file reuses: each fresh PGlite database
 * starts from one, which skips initdb (most of PGlite's start) and, for the migrated one, the
 * migrations. The empty cluster is dumped before anything is created in it; the migrated one
 * after the real `migrate` ran on it and nothing else. The files are named by PGlite's version (and
 * the migrations' hash) and written whole (a temporary file renamed), so a crashed run, or two
 * test files writing at once, leave no half.
 */
const dumps = new Map<string, Promise<Blob>>();
function clusterDump(kind: 'empty' | 'migrated'): Promise<Blob> {
  let dump = dumps.get(kind);
  if (!dump) {
    dump = (async () => {
      const name = kind === 'empty' ? 'empty' : `schema-${await schemaKey()}`;
      const file = path.join(os.tmpdir(), `team-access-pglite-${PGLITE_VERSION}-${name}.tar`);
      try {
        return new Blob([await fs.readFile(file)]);
      } catch {
        const made =
          kind === 'empty'
            ? await dumpOf(new PGlite({ extensions: { pg_trgm } }))
            : await migratedDump(await clusterDump('empty'));
        const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        await fs.writeFile(partial, Buffer.from(await made.arrayBuffer()));
        await fs.rename(partial, file);
        return made;
      }
    })();
    dumps.set(kind, dump);
  }
  return dump;
}

async function dumpOf(pglite: PGlite): Promise<Blob> {
  try {
    await pglite.waitReady;
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

async function migratedDump(empty: Blob): Promise<Blob> {
  const db = await openPglite(undefined, { loadDataDir: empty });
  try {
    await migrate(db);
    // Uncompressed, like the empty one: every test database loads it.
    const dump = await db.dumpDataDir?.('none');
    if (!dump) throw new Error('PGlite answers dumpDataDir');
    return dump;
  } finally {
    await db.close();
  }
}

const pglite: TestDatabase = {
  name: 'pglite',
  async create(options = {}) {
    const db = await openPglite(undefined, { loadDataDir: await clusterDump(options.empty ? 'empty' : 'migrated') });
    return { db, drop: () => db.close() };
  },
};

/** Runs `fn` on a connection of its own to the server of `url`, then closes it. */
async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database's URL on the server of `adminUrl`. */
function urlOf(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The migrated database that test databases on this server are copied from (`create database …
 * template`), named by the migrations' hash and made once per server and set of migrations. It is
 * migrated under a name of its own, then renamed: only a finished one ever has the shared name, and
 * when two test files make it at once the second rename fails and that copy is dropped. It stays on
 * the server for later runs (one per set of migrations: `drop database` the `iam_test_schema_*` ones
 * to clear them).
 */
const schemaTemplates = new Map<string, Promise<string>>();
function schemaTemplate(adminUrl: string): Promise<string> {
  let made = schemaTemplates.get(adminUrl);
  if (!made) {
    made = (async () => {
      const name = `iam_test_schema_${await schemaKey()}`;
      const exists = async () =>
        onServer(
          adminUrl,
          async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
        );
      if (await exists()) return name;
      const building = `iam_test_building_${randomBytes(6).toString('hex')}`;
      await onServer(adminUrl, (c) => c.query(`create database ${building}`));
      const db = openPostgres(urlOf(adminUrl, building));
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
      await onServer(adminUrl, async (c) => {
        try {
          await c.query(`alter database ${building} rename to ${name}`);
        } catch (error) {
          await c.query(`drop database if exists ${building} with (force)`);
          if ((error as { code?: string }).code !== '42P04') throw error;
        }
      });
      return name;
    })();
    schemaTemplates.set(adminUrl, made);
  }
  return made;
}

/** A throw-away database on the server of TEST_DATABASE_URL, dropped afterwards. */
function postgres(adminUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create(options = {}) {
      const name = `iam_test_${randomBytes(6).toString('hex')}`;
      const template = options.empty ? undefined : await schemaTemplate(adminUrl);
      await onServer(adminUrl, (c) => c.query(`create database ${name}${template ? ` template ${template}` : ''}`));
      const url = urlOf(adminUrl, name);
      const db = openPostgres(url);
      return {
        db,
        url,
        async drop() {
          await db.close();
          await onServer(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
        },
      };
    },
  };
}

/** PGlite always; a real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const testDatabases: TestDatabase[] = [
  pglite,
  ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
];

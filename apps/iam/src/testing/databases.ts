import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../db/client.ts';

/** The installed PGlite's version (its package.json is not exported: read from apps/iam/node_modules). */
const PGLITE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
).version;

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database of this kind. */
  create(): Promise<{ db: Db; url?: string; drop(): Promise<void> }>;
}

/**
 * An empty PGlite cluster, dumped once to a file that every test file reuses: each fresh PGlite
 * database starts from it, which skips initdb (most of PGlite's start). The dump is taken before
 * anything is created in it, so a database from it is as empty as a new one. The file is named by
 * PGlite's version and written whole (a temporary file renamed), so a crashed run leaves no half.
 */
let emptyCluster: Promise<Blob> | undefined;
function emptyClusterDump(): Promise<Blob> {
  emptyCluster ??= (async () => {
    const file = path.join(os.tmpdir(), `team-access-pglite-${PGLITE_VERSION}-empty.tar`);
    try {
      return new Blob([await fs.readFile(file)]);
    } catch {
      const pglite = new PGlite({ extensions: { pg_trgm } });
      try {
        await pglite.waitReady;
        const dump = await pglite.dumpDataDir('none');
        const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()));
        await fs.rename(partial, file);
        return dump;
      } finally {
        await pglite.close();
      }
    }
  })();
  return emptyCluster;
}

const pglite: TestDatabase = {
  name: 'pglite',
  async create() {
    const db = await openPglite(undefined, { loadDataDir: await emptyClusterDump() });
    return { db, drop: () => db.close() };
  },
};

/** A throw-away database on the server of TEST_DATABASE_URL, dropped afterwards. */
function postgres(adminUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const name = `iam_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = openPostgres(url.toString());
      return {
        db,
        url: url.toString(),
        async drop() {
          await db.close();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          await cleanup.query(`drop database if exists ${name} with (force)`);
          await cleanup.end();
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

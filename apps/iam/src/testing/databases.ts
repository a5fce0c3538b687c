import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../db/client.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database of this kind. */
  create(): Promise<{ db: Db; url?: string; drop(): Promise<void> }>;
}

const pglite: TestDatabase = {
  name: 'pglite',
  async create() {
    const db = await openPglite(undefined);
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

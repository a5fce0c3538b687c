import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { lockDataDir, prepareDataDir } from './data-dir.ts';

/** What a repository needs: parameterized queries, and scripts (migrations). */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script with no parameters. */
  exec(sql: string): Promise<void>;
}

/**
 * The one SQL layer: plain PostgreSQL that runs unchanged on an embedded PGlite and on a
 * PostgreSQL server. Repositories see only `Queryable`; services open transactions.
 */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * PGlite only: a consistent gzipped tarball of the data folder (ADR 030), taken between
   * transactions after a checkpoint. PostgreSQL is backed up with pg_dump.
   */
  dumpDataDir?(): Promise<Blob>;
}

/** Whether the database answers a trivial query (the readiness probe). */
async function answers(db: { query(sql: string): Promise<unknown> }): Promise<boolean> {
  try {
    await db.query('select 1');
    return true;
  } catch {
    return false;
  }
}

/** Beside the compiled bundle (scripts/build-servers.mjs); absent when run from the sources. */
const PGLITE_TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-template.tar.gz');

/**
 * A new data folder starts from the prebuilt empty one (ADR 030), which is several times faster
 * than PGlite's initdb; without the template (the sources under tsx), PGlite runs initdb.
 */
async function templateFor(dataDir: string | undefined): Promise<{ loadDataDir?: Blob }> {
  if (!dataDir || existsSync(path.join(dataDir, 'PG_VERSION')) || !existsSync(PGLITE_TEMPLATE)) return {};
  return { loadDataDir: new Blob([await fs.readFile(PGLITE_TEMPLATE)]) };
}

/**
 * PGlite in `dataDir` (in memory when undefined). `loadDataDir`: start from a dump of another
 * cluster (`dumpDataDir`) instead of creating one (the tests' fresh in-memory databases); a new
 * data folder starts from the build's template when there is one.
 */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Db> {
  let release = () => {};
  if (dataDir) {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    release = lockDataDir(dataDir);
  }
  const load = options.loadDataDir ? { loadDataDir: options.loadDataDir } : await templateFor(dataDir);
  const pglite = new PGlite({ dataDir, extensions: { pg_trgm }, ...load });
  try {
    await pglite.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await q.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    ping: () => answers(pglite),
    async dumpDataDir() {
      await pglite.exec('checkpoint');
      // Inside a transaction of our own: no other transaction runs until the dump is taken, and a
      // single statement outside one is either in it whole or not at all.
      return pglite.transaction(() => pglite.dumpDataDir('gzip'));
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

export function openPostgres(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await q.query(sql, params);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection that breaks while checked out (PostgreSQL restarted, the backend ended) also
      // emits 'error' on the client, which with no listener would end the process: the failing
      // query already rejects with it, and the pool drops the broken client on release.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    ping: () => answers(pool),
    close: () => pool.end(),
  };
}

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in `<dataDir>/pglite`. */
export function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Db> {
  prepareDataDir(options.dataDir);
  return options.databaseUrl
    ? Promise.resolve(openPostgres(options.databaseUrl))
    : openPglite(path.join(options.dataDir, 'pglite'));
}

import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { lockDataDir, prepareDataDir } from './data-dir.ts';

/**
 * A statement that runs on every call (client authentication): on PostgreSQL it is prepared once
 * per pooled connection under `name` and then only bound and executed, so the server neither
 * parses nor plans it again (ADR 038). `name` must be unique to `text`. PGlite runs `text`.
 */
export interface NamedStatement {
  name: string;
  text: string;
}

/**
 * A route's own read, answered by the statement that authenticates the call (ADR 038): a SQL
 * expression over `t.id`, the tenant of the API key, whose value comes back as `preloaded`. It is
 * evaluated before the secret is compared, so it must read only that tenant's rows, and its value
 * is used only once the call is authenticated and allowed. `name` names the prepared statement.
 */
export interface Preload {
  name: string;
  sql: string;
}

/** What a repository needs: parameterized queries, and scripts (migrations). */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string | NamedStatement, params?: unknown[]): Promise<T[]>;
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
  dumpDataDir?(compression?: 'gzip' | 'none'): Promise<Blob>;
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

/**
 * Beside the compiled bundle (scripts/build-servers.mjs): an empty data folder with every
 * migration applied. Absent when run from the sources.
 */
const PGLITE_TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-template');

/**
 * A new data folder starts as a copy of the prebuilt one (ADR 030, ADR 034): a plain file copy,
 * several times faster than PGlite's initdb, and unlike PGlite's `loadDataDir` it does not pass
 * the files through WebAssembly memory, which would keep them for the life of the process. Without
 * the template (the sources under tsx), PGlite runs initdb.
 */
async function copyTemplate(dataDir: string): Promise<void> {
  const version = path.join(dataDir, 'PG_VERSION');
  if (existsSync(version) || !existsSync(PGLITE_TEMPLATE)) return;
  // PG_VERSION last: a copy cut short leaves no PG_VERSION, and the next start copies again.
  await copyFolder(PGLITE_TEMPLATE, dataDir, (name) => name !== 'PG_VERSION');
  await fs.copyFile(path.join(PGLITE_TEMPLATE, 'PG_VERSION'), version);
}

/**
 * Copies a folder's files all at once rather than one by one as `fs.cp` does: 30–45 % less CPU
 * time for the template's 1,100 files (ADR 034).
 */
async function copyFolder(from: string, to: string, keep: (name: string) => boolean = () => true): Promise<void> {
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  const entries = (await fs.readdir(from, { withFileTypes: true })).filter((entry) => keep(entry.name));
  await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? copyFolder(path.join(from, entry.name), path.join(to, entry.name))
        : fs.copyFile(path.join(from, entry.name), path.join(to, entry.name)),
    ),
  );
}

/**
 * PostgreSQL's shared buffers inside PGlite. Its default, 128 MB, is WebAssembly memory that
 * PostgreSQL touches at start and that never shrinks: most of an idle IAM API's RSS. An embedded
 * database is small and the operating system caches its files anyway (ADR 034).
 */
const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * PGlite in `dataDir` (in memory when undefined). `loadDataDir`: start from a dump of another
 * cluster (`dumpDataDir`) instead of creating one (the tests' fresh in-memory databases); a new
 * data folder starts from the build's template when there is one, unless `template` is false
 * (the build, making the template).
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob; template?: boolean } = {},
): Promise<Db> {
  let release = () => {};
  if (dataDir) {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    release = lockDataDir(dataDir);
    if (!options.loadDataDir && options.template !== false)
      await copyTemplate(dataDir).catch((error) => {
        release();
        throw error;
      });
  }
  const load = options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
  // Loaded here, not at the top: an IAM API on PostgreSQL never loads PGlite (ADR 034).
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const pglite = new PGlite({
    dataDir,
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    ...load,
  });
  try {
    await pglite.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string | NamedStatement, params: unknown[] = []) {
      const result = await q.query<T>(typeof sql === 'string' ? sql : sql.text, params);
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
    async dumpDataDir(compression = 'gzip') {
      await pglite.exec('checkpoint');
      // Inside a transaction of our own: no other transaction runs until the dump is taken, and a
      // single statement outside one is either in it whole or not at all.
      return pglite.transaction(() => pglite.dumpDataDir(compression));
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

/** node-postgres, loaded when first needed: an IAM API on PGlite never loads it (ADR 034). */
const loadPg = (): typeof pg => createRequire(import.meta.url)('pg');

export function openPostgres(connectionString: string, max = 10): Db {
  const pool = new (loadPg().Pool)({
    connectionString,
    // No parallel workers for the IAM API's short statements (ADR 038): starting them costs more
    // than the few thousand rows a capped count or a members page reads, and on a small server
    // they take the cores other requests are waiting for. PGlite has none either.
    options: '-c max_parallel_workers_per_gather=0',
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string | NamedStatement, params: unknown[] = []) {
      const result = await (typeof sql === 'string'
        ? q.query(sql, params)
        : q.query({ name: sql.name, text: sql.text, values: params }));
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

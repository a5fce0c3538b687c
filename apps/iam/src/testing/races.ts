import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openPostgres } from '../db/client.ts';
import { type TestDatabase, testDatabases } from './databases.ts';
import { startTestIam, type TestIam } from './harness.ts';
import { type TestIamSuite, useTestIam } from './suite.ts';

/** Race suites run on PostgreSQL only: PGlite runs one transaction at a time, so nothing interleaves there. */
export const racingDatabase = testDatabases.find((d) => d.name === 'postgres');

/** A transaction on a connection of its own, left open until `finish` commits it. */
export interface OpenTransaction {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  finish(): Promise<void>;
}

/**
 * `useTestIam` on PostgreSQL for a race suite (inside `describe.runIf(racingDatabase)`), with
 * `openTransaction`: a second connection that holds a transaction open at the critical point.
 * Read `iam` and `api` inside tests only.
 */
export function useRacingIam(): TestIamSuite & { openTransaction(): Promise<OpenTransaction> } {
  let url: string | undefined;
  const suite = useTestIam(racingDatabase as TestDatabase, (ready) => {
    url = ready.databaseUrl;
  });
  return {
    get iam() {
      return suite.iam;
    },
    get api() {
      return suite.api;
    },
    async openTransaction(): Promise<OpenTransaction> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('begin');
      return {
        query: (sql, params) => client.query(sql, params),
        async finish() {
          await client.query('commit');
          await client.end();
        },
      };
    },
  };
}

/**
 * Two IAM instances on one PostgreSQL database, as behind a load balancer, for a suite inside
 * `describe.runIf(racingDatabase)`: each with its own pool, both on the same data. Read them inside
 * tests (or later hooks) only.
 */
export function useTwoIams(): { readonly first: TestIam; readonly second: TestIam } {
  let drop: (() => Promise<void>) | undefined;
  let first: TestIam | undefined;
  let second: TestIam | undefined;
  let closeSecondDb: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await (racingDatabase as TestDatabase).create();
    drop = created.drop;
    first = await startTestIam(created.db);
    const secondDb = openPostgres(created.url as string);
    closeSecondDb = () => secondDb.close();
    second = await startTestIam(secondDb);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await closeSecondDb?.();
    await drop?.();
  });
  return {
    get first() {
      return first as TestIam;
    },
    get second() {
      return second as TestIam;
    },
  };
}

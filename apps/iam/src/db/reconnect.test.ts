// PostgreSQL restarted under a running IAM API (issue 20): a request in flight fails with 503 and
// its write is rolled back; the next one succeeds on a fresh connection, with no IAM restart. The
// restart is simulated by ending the IAM API's connections with pg_terminate_backend on its own
// throw-away database (the shared server itself is never restarted).
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../errors.ts';
import { testDatabases } from '../testing/databases.ts';
import type { Db } from './client.ts';

const postgres = testDatabases.find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('PostgreSQL connections ended under a running IAM API', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let url = '';
  let base = '';
  let close: () => void;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });

  beforeAll(async () => {
    const created = await (postgres as NonNullable<typeof postgres>).create();
    db = created.db;
    drop = created.drop;
    url = created.url ?? '';
    await db.exec('create table marks (name text primary key)');
    await admin.connect();
    const app = express();
    // A write that is still running when the connection is ended.
    app.post('/slow-write', async (_req, res) => {
      await db.transaction(async (tx) => {
        await tx.query("insert into marks values ('half-applied')");
        await tx.query('select pg_sleep(30)');
      });
      res.json({ ok: true });
    });
    // A single statement outside a transaction, still running.
    app.get('/slow-read', async (_req, res) => {
      await db.query('select pg_sleep(30)');
      res.json({ ok: true });
    });
    app.post('/write', async (_req, res) => {
      await db.query("insert into marks values ('after')");
      res.json({ ok: true });
    });
    app.use(errorHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(async () => {
    close?.();
    await admin.end();
    await drop?.();
  });

  it('fails the requests in flight with 503 problems (no crash), keeps none of its write, and serves the next one', async () => {
    const database = new URL(url).pathname.slice(1);
    const inFlight = [fetch(`${base}/slow-write`, { method: 'POST' }), fetch(`${base}/slow-read`)];
    // Wait until both are running (their pg_sleep is visible), then end every connection to it.
    for (;;) {
      const { rows } = await admin.query(
        "select count(*)::int as n from pg_stat_activity where datname = $1 and query like 'select pg_sleep%'",
        [database],
      );
      if (rows[0].n > 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);

    for (const failed of await Promise.all(inFlight)) {
      expect(failed.status).toBe(503);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(((await failed.json()) as { code: string }).code).toBe('upstream_unavailable');
    }

    const next = await fetch(`${base}/write`, { method: 'POST' });
    expect(next.status).toBe(200);
    expect((await db.query<{ name: string }>('select name from marks order by name')).map((r) => r.name)).toEqual([
      'after',
    ]);
  });
});

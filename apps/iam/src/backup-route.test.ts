import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_PATH, withBackupRoute } from './backup-route.ts';
import { type Db, openPglite } from './db/client.ts';
import { createLogger } from './logger.ts';

const credentials = { apiKey: 'ak_backup_test', apiSecret: 'as_backup_test_secret_long' };
const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

async function serve(db: Db): Promise<{ url: string; close(): void }> {
  const server = http.createServer(
    withBackupRoute((_req, res) => res.end('the app'), { db, credentials, logger: createLogger('silent', 'iam') }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('POST /internal/backup (pnpm backup while the IAM API runs)', () => {
  let db: Db;
  let site: { url: string; close(): void };

  beforeAll(async () => {
    db = await openPglite(undefined);
    await db.exec("create table kept (name text); insert into kept values ('in the backup')");
    site = await serve(db);
  });
  afterAll(async () => {
    site.close();
    await db.close();
  });

  it('with the client credentials from this machine, answers the gzipped data folder', async () => {
    const response = await fetch(`${site.url}${BACKUP_PATH}`, {
      method: 'POST',
      headers: { authorization: basic(credentials.apiKey, credentials.apiSecret) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('refuses wrong or missing credentials (401), another method (405) and a proxied request (403), as problems', async () => {
    const cases: [RequestInit, number, string][] = [
      [{ method: 'POST' }, 401, 'client_auth_required'],
      [
        { method: 'POST', headers: { authorization: basic(credentials.apiKey, 'as_wrong_secret_long_enough') } },
        401,
        'client_auth_required',
      ],
      [
        { method: 'GET', headers: { authorization: basic(credentials.apiKey, credentials.apiSecret) } },
        405,
        'method_not_allowed',
      ],
      [
        {
          method: 'POST',
          headers: {
            authorization: basic(credentials.apiKey, credentials.apiSecret),
            'x-forwarded-for': '203.0.113.9',
          },
        },
        403,
        'forbidden',
      ],
    ];
    for (const [init, status, code] of cases) {
      const response = await fetch(`${site.url}${BACKUP_PATH}`, init);
      expect(response.status, code).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { code: string }).code).toBe(code);
    }
    // Every other path is the app's.
    expect(await (await fetch(`${site.url}/v2/client/roles`)).text()).toBe('the app');
  });

  it('on PostgreSQL (no data-folder dump) says to use pg_dump (409)', async () => {
    const { dumpDataDir: _, ...postgresLike } = db;
    const other = await serve(postgresLike as Db);
    try {
      const response = await fetch(`${other.url}${BACKUP_PATH}`, {
        method: 'POST',
        headers: { authorization: basic(credentials.apiKey, credentials.apiSecret) },
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { detail: string }).detail).toContain('pg_dump');
    } finally {
      other.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer, listen } from '@team-access/http-server';
import { createApp } from '../app.ts';

export { DEFAULT_APP_URL } from '../app.ts';

import { bootstrap } from '../bootstrap.ts';
import type { Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';
import { watchAnswer } from './openapi-check.ts';

export const TEST_CREDENTIALS = {
  apiKey: 'ak_test_key_0001',
  apiSecret: 'as_test_secret_that_is_long_enough_0001',
};
export const TEST_OWNER = { email: 'owner@example.com', password: 'correct horse battery staple' };

export function basicAuth(c: { apiKey: string; apiSecret: string } = TEST_CREDENTIALS): string {
  return `Basic ${Buffer.from(`${c.apiKey}:${c.apiSecret}`).toString('base64')}`;
}

export interface TestIam {
  url: string;
  server: Server;
  db: Db;
  tenantId: string;
  /** The key the app seals secrets with (two-step, webhook signing secrets). */
  mfaKey: Buffer;
  close(): Promise<void>;
}

/**
 * A migrated, bootstrapped IAM API on port 0, over the given database. Every answer is checked
 * against the OpenAPI document (testing/openapi-check.ts).
 */
export async function startTestIam(
  db: Db,
  options: {
    onRequest?: (req: IncomingMessage) => void;
    requestTimeoutMs?: number;
    maxInFlight?: number;
    maxConnections?: number;
    /** WEBHOOK_ALLOW_PRIVATE: the webhook tests' receivers listen on loopback. */
    webhookAllowPrivate?: boolean;
  } = {},
): Promise<TestIam> {
  const logger = createLogger('silent', 'iam-test');
  await migrate(db);
  const boot = await bootstrap(db, TEST_CREDENTIALS, TEST_OWNER, logger);
  const mfaKey = randomBytes(32);
  const app = createApp({
    db,
    logger,
    mfaKey,
    ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
    ...(options.webhookAllowPrivate ? { webhookAllowPrivate: true } : {}),
  });
  const server = createHttpServer(
    (req, res) => {
      options.onRequest?.(req);
      watchAnswer(req, res);
      app(req, res);
    },
    {
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
    },
  );
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    db,
    tenantId: boot.tenantId,
    mfaKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const OTHER_TENANT_CREDENTIALS = {
  apiKey: 'ak_other_tenant_0002',
  apiSecret: 'as_other_tenant_secret_long_enough_0002',
};

/** A second tenant on the same database, with its own owner, to prove tenant scoping. */
export async function addTenant(
  db: Db,
  credentials = OTHER_TENANT_CREDENTIALS,
  owner = { email: 'owner@other.example', password: 'another owner password' },
): Promise<string> {
  const boot = await bootstrap(db, credentials, owner, createLogger('silent', 'iam-test'));
  return boot.tenantId;
}

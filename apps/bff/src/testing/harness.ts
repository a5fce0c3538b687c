import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_CREDENTIALS } from '@team-access/iam/testing';
import { pino } from 'pino';
import { createApp } from '../app.ts';
import type { BffConfig } from '../config.ts';
import { IamClient } from '../iam-client.ts';
import { MemorySessionStore, RedisSessionStore, type SessionStore, Sessions } from '../session.ts';

export interface TestBff {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface TestBffOptions {
  iamBaseUrl: string;
  redisUrl?: string;
  /** Instances that should share sessions must share the prefix. */
  redisPrefix?: string;
  sessionSecret?: string;
  secureCookies?: boolean;
  iamTimeoutMs?: number;
  sessionIdleTimeoutMs?: number;
  /** Client credentials other than the test tenant's (to test a misconfigured BFF). */
  credentials?: { apiKey: string; apiSecret: string };
  webDist?: string;
}

/** A BFF on port 0 in front of the given IAM API, with the test tenant's credentials. */
export async function startTestBff(options: TestBffOptions): Promise<TestBff> {
  const config: BffConfig = {
    nodeEnv: 'test',
    port: 0,
    iamBaseUrl: options.iamBaseUrl,
    ...(options.credentials ?? TEST_CREDENTIALS),
    redisUrl: options.redisUrl,
    sessionSecret: options.sessionSecret ?? randomBytes(32).toString('base64url'),
    sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 30 * 60_000,
    sessionAbsoluteTimeoutMs: 12 * 60 * 60_000,
    iamTimeoutMs: options.iamTimeoutMs ?? 5_000,
    trustProxy: 'loopback',
    webDist: options.webDist ?? '/nonexistent-web-dist',
    logLevel: 'silent',
    secureCookies: options.secureCookies ?? false,
  };
  const store: SessionStore = options.redisUrl
    ? await RedisSessionStore.connect(
        options.redisUrl,
        options.redisPrefix ?? `ta:test:${randomBytes(4).toString('hex')}:`,
      )
    : new MemorySessionStore();
  const sessions = new Sessions({
    store,
    secret: config.sessionSecret as string,
    secureCookies: config.secureCookies,
    idleTimeoutMs: config.sessionIdleTimeoutMs,
    absoluteTimeoutMs: config.sessionAbsoluteTimeoutMs,
  });
  const iam = new IamClient(config.iamBaseUrl, config, config.iamTimeoutMs);
  const app = createApp({ config, logger: pino({ level: 'silent' }), iam, sessions, store });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

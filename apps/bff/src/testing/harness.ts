import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteDef } from '@team-access/contract';
import { createHttpServer, type InFlight, listen } from '@team-access/http-server';
import { startTestIam, TEST_CREDENTIALS, type TestIam } from '@team-access/iam/testing';
import { testDatabases } from '@team-access/iam/testing/databases';
import type { Response } from 'express';
import { type Logger, pino } from 'pino';
import { createApp } from '../app.ts';
import type { BffConfig, InFlightLimits } from '../config.ts';
import { IamClient } from '../iam-client.ts';
import {
  type CounterStore,
  MemoryCounterStore,
  PublicRouteLimiter,
  type PublicRouteLimits,
  RedisCounterStore,
  SignInLimiter,
  type SignInLimits,
} from '../rate-limit.ts';
import { MemorySessionStore, RedisSessionStore, type SessionStore, Sessions } from '../session.ts';

export interface TestBff {
  url: string;
  server: Server;
  /** Starts a session for this IAM token without signing in (for tests against a fake IAM API). */
  sessionCookie(iamToken: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestBffOptions {
  iamBaseUrl: string;
  redisUrl?: string;
  /** Instances that should share sessions and counters must share the prefix. */
  redisPrefix?: string;
  sessionSecret?: string;
  secureCookies?: boolean;
  iamTimeoutMs?: number;
  requestTimeoutMs?: number;
  inFlightLimits?: Partial<InFlightLimits>;
  signInConcurrency?: Partial<BffConfig['signInConcurrency']>;
  sessionIdleTimeoutMs?: number;
  sessionAbsoluteTimeoutMs?: number;
  /** Client credentials other than the test tenant's (to test a misconfigured BFF). */
  credentials?: { apiKey: string; apiSecret: string };
  webDist?: string;
  trustProxy?: boolean | number | string;
  /** The origins whose Host the BFF answers; left out, its own port on localhost and 127.0.0.1. */
  allowedOrigins?: string[];
  signInLimits?: Partial<SignInLimits>;
  publicRateLimits?: Partial<PublicRouteLimits>;
  /** Routes to proxy instead of the contract's browser routes. */
  proxyRoutes?: RouteDef[];
  /** The proxy's upstream sockets, when a test wants fewer than the in-flight total. */
  proxyMaxSockets?: number;
  /** The BFF's in-flight counter, to read in a test. */
  inFlight?: InFlight;
  logger?: Logger;
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
    sessionAbsoluteTimeoutMs: options.sessionAbsoluteTimeoutMs ?? 12 * 60 * 60_000,
    iamTimeoutMs: options.iamTimeoutMs ?? 5_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    inFlightLimits: { total: 256, perAddress: 64, perSession: 16, ...options.inFlightLimits },
    maxConnections: 4096,
    signInConcurrency: { concurrency: 4, queue: 100, ...options.signInConcurrency },
    signInLimits: { maxPerAccount: 10, maxPerIp: 100, windowMs: 15 * 60_000, ...options.signInLimits },
    publicRateLimits: { maxPerIp: 30, windowMs: 15 * 60_000, ...options.publicRateLimits },
    trustProxy: options.trustProxy ?? false,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    webDist: options.webDist ?? '/nonexistent-web-dist',
    logLevel: 'silent',
    logFormat: 'json',
    secureCookies: options.secureCookies ?? false,
  };
  const prefix = options.redisPrefix ?? `ta:test:${randomBytes(4).toString('hex')}:`;
  const redis = options.redisUrl ? await RedisSessionStore.connect(options.redisUrl, `${prefix}sess:`) : undefined;
  const store: SessionStore = redis ?? new MemorySessionStore();
  const memoryCounters = redis ? undefined : new MemoryCounterStore();
  const counters: CounterStore = redis
    ? new RedisCounterStore(redis.redis, `${prefix}rl:`)
    : (memoryCounters as CounterStore);
  const sessions = new Sessions({
    store,
    secret: config.sessionSecret as string,
    secureCookies: config.secureCookies,
    idleTimeoutMs: config.sessionIdleTimeoutMs,
    absoluteTimeoutMs: config.sessionAbsoluteTimeoutMs,
  });
  const signInLimiter = new SignInLimiter(counters, config.sessionSecret as string, config.signInLimits);
  const publicLimiter = new PublicRouteLimiter(counters, config.publicRateLimits);
  const iam = new IamClient(config.iamBaseUrl, config, config.iamTimeoutMs);
  const app = createApp({
    config,
    logger: options.logger ?? pino({ level: 'silent' }),
    iam,
    sessions,
    store,
    signInLimiter,
    publicLimiter,
    ...(options.proxyRoutes ? { proxyRoutes: options.proxyRoutes } : {}),
    ...(options.proxyMaxSockets ? { proxyMaxSockets: options.proxyMaxSockets } : {}),
    ...(options.inFlight ? { inFlight: options.inFlight } : {}),
  });
  const server = await listen(createHttpServer(app, { requestTimeoutMs: config.requestTimeoutMs }), 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async sessionCookie(iamToken) {
      let cookie = '';
      const res = { append: (_name: string, value: string) => (cookie = value.split(';')[0] ?? '') };
      await sessions.create(res as unknown as Response, {
        iamToken,
        userId: '00000000-0000-4000-8000-000000000000',
        iamExpiresAt: Date.now() + 60 * 60_000,
      });
      return cookie;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      memoryCounters?.close();
      await store.close();
    },
  };
}

/**
 * Two BFF instances on one Redis (as behind a load balancer), in front of one IAM API: they share
 * sessions and rate-limit counters. Needs TEST_REDIS_URL.
 */
export async function startTwoInstancesOnOneRedis(
  iamBaseUrl: string,
  options: Partial<TestBffOptions> = {},
): Promise<[TestBff, TestBff]> {
  const shared: TestBffOptions = {
    ...options,
    iamBaseUrl,
    redisUrl: process.env.TEST_REDIS_URL as string,
    redisPrefix: `ta:test:${randomBytes(6).toString('hex')}:`,
    sessionSecret: 'a shared session secret of at least thirty-two chars',
  };
  return [await startTestBff(shared), await startTestBff(shared)];
}

/**
 * A test IAM API over a new database of its own (the first of `testDatabases`); its `close()`
 * also drops that database.
 */
export async function startIamOnOwnDatabase(options?: Parameters<typeof startTestIam>[1]): Promise<TestIam> {
  const { db, drop } = await (testDatabases[0] as (typeof testDatabases)[number]).create();
  try {
    const iam = await startTestIam(db, options);
    return {
      ...iam,
      async close() {
        await iam.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

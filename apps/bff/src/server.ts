import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer, listen } from '@team-access/http-server';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { type BffConfig, ConfigError, loadConfig } from './config.ts';
import { IamClient } from './iam-client.ts';
import {
  type CounterStore,
  MemoryCounterStore,
  PublicRouteLimiter,
  RedisCounterStore,
  SignInLimiter,
} from './rate-limit.ts';
import { MemorySessionStore, RedisSessionStore, type SessionStore, Sessions } from './session.ts';

export interface RunningBff {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export function createBffLogger(level: string) {
  return pino({
    name: 'bff',
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-actor-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.iamToken',
      ],
      censor: '[redacted]',
    },
  });
}

export async function startBff(config: BffConfig, logger = createBffLogger(config.logLevel)): Promise<RunningBff> {
  const redis = config.redisUrl ? await RedisSessionStore.connect(config.redisUrl) : undefined;
  const store: SessionStore = redis ?? new MemorySessionStore();
  const memoryCounters = redis ? undefined : new MemoryCounterStore();
  const counters: CounterStore = redis
    ? new RedisCounterStore(redis.redis, 'ta:rl:')
    : (memoryCounters as CounterStore);
  const secret = config.sessionSecret ?? randomBytes(32).toString('base64url');
  const signInLimiter = new SignInLimiter(counters, secret, config.signInLimits);
  const publicLimiter = new PublicRouteLimiter(counters, config.publicRateLimits);
  const sessions = new Sessions({
    store,
    secret,
    secureCookies: config.secureCookies,
    idleTimeoutMs: config.sessionIdleTimeoutMs,
    absoluteTimeoutMs: config.sessionAbsoluteTimeoutMs,
  });
  const iam = new IamClient(config.iamBaseUrl, config, config.iamTimeoutMs);
  const app = createApp({ config, logger, iam, sessions, store, signInLimiter, publicLimiter });
  const server = await listen(
    createHttpServer(app, {
      requestTimeoutMs: config.requestTimeoutMs,
      maxConnections: config.maxConnections,
      onError: (err) => logger.error({ err }, 'HTTP server error'),
    }),
    config.port,
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, sessions: config.redisUrl ? 'redis' : 'memory', iam: config.iamBaseUrl }, 'BFF listening');
  let stopping: Promise<void> | undefined;
  return {
    server,
    url,
    stop() {
      stopping ??= (async () => {
        // In-flight requests finish; a kept-alive connection closes once its request is done.
        await new Promise<void>((resolve) => {
          const sweep = setInterval(() => server.closeIdleConnections(), 100);
          server.close(() => {
            clearInterval(sweep);
            resolve();
          });
          server.closeIdleConnections();
        });
        memoryCounters?.close();
        await store.close();
      })();
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  let config: BffConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createBffLogger(config.logLevel);
  const bff = await startBff(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    setTimeout(() => process.exit(1), 10_000).unref();
    bff.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    process.stderr.write(`BFF failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

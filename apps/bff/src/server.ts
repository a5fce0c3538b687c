import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import {
  type LogFormat,
  prettyDestination,
  resolveLogFormat,
  runService,
  startHttpService,
} from '@team-access/http-server';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { type BffConfig, loadConfig } from './config.ts';
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

/** The process's logger: JSON, or readable lines on a terminal (`LOG_FORMAT`). */
export function createBffLogger(level: string, format: LogFormat = 'json') {
  const options: pino.LoggerOptions = {
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
  };
  return format === 'pretty' ? pino(options, prettyDestination()) : pino(options);
}

export async function startBff(
  config: BffConfig,
  logger = createBffLogger(config.logLevel, resolveLogFormat(config.logFormat)),
): Promise<RunningBff> {
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
  const { server, port, stop } = await startHttpService(app, {
    requestTimeoutMs: config.requestTimeoutMs,
    maxConnections: config.maxConnections,
    port: config.port,
    logger,
    release: async () => {
      memoryCounters?.close();
      await store.close();
    },
  });
  const url = `http://localhost:${port}`;
  logger.info({ url, sessions: config.redisUrl ? 'redis' : 'memory', iam: config.iamBaseUrl }, 'BFF listening');
  return { server, url, stop };
}

async function main(): Promise<void> {
  await runService({
    loadConfig,
    createLogger: (config: BffConfig) => createBffLogger(config.logLevel, resolveLogFormat(config.logFormat)),
    start: startBff,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    process.stderr.write(`BFF failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

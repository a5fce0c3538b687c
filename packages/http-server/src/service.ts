import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@team-access/contract/server';
import { createHttpServer, listen, type ServerLimits } from './server.ts';

/** What start-up and shutdown write to the service's log. */
export interface ServiceLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface HttpService {
  server: http.Server;
  /** The port actually bound (the configured one, or the one the system chose for port 0). */
  port: number;
  /** Stops once, however often called: in-flight requests finish, then `release` runs. */
  stop(): Promise<void>;
}

export interface HttpServiceOptions extends Omit<ServerLimits, 'onError'> {
  port: number;
  host?: string;
  logger: ServiceLogger;
  /** Frees what the service holds (stores, database, workers) after the server has closed. */
  release?: () => Promise<void>;
}

/** Closes the server: in-flight requests finish; a kept-alive connection closes once its request is done. */
export function closeGracefully(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Serves `listener` with the limits of `createHttpServer`, and stops it gracefully. */
export async function startHttpService(
  listener: http.RequestListener,
  options: HttpServiceOptions,
): Promise<HttpService> {
  const { port, host, logger, release, ...limits } = options;
  const server = await listen(
    createHttpServer(listener, { ...limits, onError: (err) => logger.error({ err }, 'HTTP server error') }),
    port,
    host,
  );
  let stopping: Promise<void> | undefined;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop() {
      stopping ??= closeGracefully(server).then(release);
      return stopping;
    },
  };
}

/** Upper bound on a graceful shutdown before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * A service's process entry: reads the configuration (a ConfigError is printed and the process
 * exits with 2), starts the service, and on SIGTERM or SIGINT lets in-flight requests finish
 * before exiting (0, or 1 when stopping fails or takes longer than ten seconds).
 */
export async function runService<Config, Logger extends ServiceLogger>(entry: {
  loadConfig: () => Config;
  createLogger: (config: Config) => Logger;
  start: (config: Config, logger: Logger) => Promise<{ stop(): Promise<void> }>;
}): Promise<void> {
  let config: Config;
  try {
    config = entry.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = entry.createLogger(config);
  const service = await entry.start(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

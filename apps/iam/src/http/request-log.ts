import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Level, pino } from 'pino';
import type { Logger } from '../logger.ts';
import { requestId } from './request-id.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** A logger bound to this request, made when first used (`requestLogger`). */
    log: Logger;
  }
}

/** The request's id (X-Request-Id), as `requestLogger` set it; pino's `req` serializer reads it. */
export function requestIdOf(req: IncomingMessage): string {
  return String((req as { id?: unknown }).id);
}

/**
 * The per-request log, with pino-http's lines ("request completed" with `req`, `res` and
 * `responseTime`; "request errored" for a 5xx or a failed response), at the level `level` says
 * (info, and error for a failure, by default), and its `req.log`
 * (a child bound to the request), made lazily (ADR 038): the child, whose `req` binding pino
 * serializes and redacts when it is made, exists only once something is logged for the request.
 * pino-http made it for every request at any level; at `warn` a successful call now costs a
 * request id and three listeners, and nothing is serialized.
 */
export function requestLogger(
  logger: Logger,
  options: {
    ignore: (req: IncomingMessage) => boolean;
    /** The level of a request's line (`requestLogLevel`); by default error for a 5xx or a failure, else info. */
    level?: (req: IncomingMessage, res: ServerResponse, err?: Error) => Level;
  },
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const base = logger.child({}, { serializers: { req: pino.stdSerializers.req, res: pino.stdSerializers.res } });
  const levelOf = options.level ?? ((_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'));
  return (req, res, next) => {
    (req as { id?: string }).id = requestId(req, res);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => {
        child ??= base.child({ req });
        return child;
      },
    });
    if (!options.ignore(req)) {
      const started = Date.now();
      const done = (err?: unknown) => {
        res.off('close', done);
        res.off('finish', done);
        res.off('error', done);
        const error = err instanceof Error ? err : undefined;
        const level = levelOf(req, res, error);
        if (!base.isLevelEnabled(level)) return;
        const responseTime = Date.now() - started;
        if (error || res.statusCode >= 500) {
          const failure = error ?? new Error(`failed with status code ${res.statusCode}`);
          req.log[level]({ res, err: failure, responseTime }, 'request errored');
        } else {
          req.log[level]({ res, responseTime }, 'request completed');
        }
      };
      res.on('close', done);
      res.on('finish', done);
      res.on('error', done);
    }
    next();
  };
}

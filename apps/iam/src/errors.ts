import {
  type FieldError,
  makeProblem,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemCode,
} from '@team-access/contract';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

/** The one error class: a status, a machine code, a safe detail, and field errors. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? code);
    this.name = 'AppError';
  }
}

export function assertThat(condition: unknown, error: AppError | (() => AppError)): asserts condition {
  if (!condition) throw typeof error === 'function' ? error() : error;
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, makeProblem(404, 'not_found', 'No such resource.', { requestId: String(res.locals.requestId) }));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/** SQLSTATEs and socket errors that mean the database is unreachable, not that the request is wrong. */
const DB_GONE_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (DB_GONE_CODES.has(code) || code.startsWith('08'))) return true;
  const message = err instanceof Error ? err.message : '';
  // node-postgres' own words for a connection that broke or could not be made in time.
  return /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/.test(
    message,
  );
}

/** Maps every error to problem+json; unknown errors are logged and answered as a bare 500. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const requestId = String(res.locals.requestId ?? '');
  if (res.headersSent) {
    req.log?.error({ err }, 'error after the response started');
    res.end();
    return;
  }
  if (err instanceof AppError) {
    sendProblem(res, makeProblem(err.status, err.code, err.detail, { errors: err.errors, requestId }));
    return;
  }
  const parserError = err as BodyParserError;
  if (parserError?.type === 'entity.parse.failed') {
    sendProblem(res, makeProblem(400, 'malformed_json', 'The body could not be parsed as JSON.', { requestId }));
    return;
  }
  if (parserError?.type === 'entity.too.large') {
    sendProblem(res, makeProblem(413, 'payload_too_large', undefined, { requestId }));
    return;
  }
  if (
    parserError?.type === 'encoding.unsupported' ||
    parserError?.type === 'charset.unsupported' ||
    parserError?.type === 'request.aborted' ||
    (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500)
  ) {
    sendProblem(res, makeProblem(400, 'validation_failed', 'The request could not be read.', { requestId }));
    return;
  }
  // PostgreSQL refused a value the validation let through (a NUL byte, a character the database
  // encoding cannot hold): the client's input, so a 400 and not a 500.
  const sqlState = (err as { code?: unknown } | undefined)?.code;
  if (sqlState === '22021' || sqlState === '22P05') {
    req.log?.warn({ err }, 'input refused by the database encoding');
    sendProblem(
      res,
      makeProblem(400, 'validation_failed', 'The request contains characters that cannot be stored.', { requestId }),
    );
    return;
  }
  // The database went away (PostgreSQL restarted, a connection was ended): this request fails
  // with 503, its transaction rolled back by the server; the pool connects afresh for the next.
  if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err }, 'database unavailable');
    res.setHeader('Retry-After', '1');
    sendProblem(
      res,
      makeProblem(503, 'upstream_unavailable', 'The database cannot be reached. Try again shortly.', { requestId }),
    );
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  sendProblem(res, makeProblem(500, 'internal_error', undefined, { requestId }));
};

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
  req.log?.error({ err }, 'unhandled error');
  sendProblem(res, makeProblem(500, 'internal_error', undefined, { requestId }));
};

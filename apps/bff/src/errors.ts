import { makeProblem, PROBLEM_CONTENT_TYPE, type Problem, type ProblemCode } from '@team-access/contract';
import type { ErrorRequestHandler, Response } from 'express';

export class BffError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'BffError';
  }
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).setHeader('Cache-Control', 'no-store');
  res.send(JSON.stringify(problem));
}

export function problem(res: Response, status: number, code: ProblemCode, detail?: string): void {
  sendProblem(res, makeProblem(status, code, detail, { requestId: String(res.locals.requestId ?? '') }));
}

/** Every error becomes problem+json; unknown ones are logged and answered without detail. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (res.headersSent) {
    req.log?.error({ err }, 'error after the response started');
    res.end();
    return;
  }
  if (err instanceof BffError) return problem(res, err.status, err.code, err.detail);
  const type = (err as { type?: string })?.type;
  if (type === 'entity.parse.failed')
    return problem(res, 400, 'malformed_json', 'The body could not be parsed as JSON.');
  if (type === 'entity.too.large') return problem(res, 413, 'payload_too_large');
  const status = (err as { status?: number })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(res, 400, 'validation_failed', 'The request could not be read.');
  }
  req.log?.error({ err }, 'unhandled error');
  problem(res, 500, 'internal_error');
};

export function sendJsonNoStore(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.json(body);
}

export { PROBLEM_CONTENT_TYPE };

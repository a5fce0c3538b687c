import type { Request } from 'express';
import { AppError } from '../errors.ts';

/** A 429; the route answers `Retry-After` when the wait is known. */
export class RateLimitedError extends AppError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(429, 'rate_limited', detail);
  }
}

/** A 429 carries Retry-After when the wait is known (the error handler writes the problem itself). */
export async function withRetryAfter<T>(req: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RateLimitedError && error.retryAfterSeconds !== undefined) {
      req.res?.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    throw error;
  }
}

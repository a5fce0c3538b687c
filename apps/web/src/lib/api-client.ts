import {
  answerSchema,
  type CallableRoute,
  CSRF_HEADER,
  type FieldError,
  type Problem,
  problemSchema,
  type RouteAnswer,
  type RouteInput,
  routeRequest,
} from '@team-access/contract';
import type { z } from 'zod';
import { reportAnswer } from './connectivity.ts';

/** Where the BFF serves its API; the SPA is served from the same origin. */
export const API_BASE = '/api';

/** A failed call to the BFF, built from its RFC 9457 problem details (or from what went wrong instead). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status; 0 when no answer arrived at all. */
  readonly status: number;
  /** The machine code (`invalid_credentials`, `validation_failed`, …, or `network_error`). */
  readonly code: string;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** Bad fields, each named by its path in the request (`body.email`). */
  readonly errors: FieldError[];
  /** The id to quote to support, when the server sent one. */
  readonly requestId: string | undefined;

  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(problem.detail ?? problem.title, options);
    this.status = problem.status;
    this.code = problem.code;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True for an answer that says the browser has no (more) session. */
export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401;
}

/** A sentence to show a person for any error thrown by a call. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.detail ?? error.title;
  return 'Something went wrong. Try again.';
}

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called on every 401 (except where a request opts out): the app sends the person to sign in. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions<S extends z.ZodType | undefined = undefined> {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  /** Validates (and types) a successful JSON answer. */
  schema?: S;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** False where a 401 is an expected answer (signing in, reading the session). Default true. */
  notifyUnauthorized?: boolean;
}

type Answer<S> = S extends z.ZodType ? z.output<S> : unknown;

function networkError(cause: unknown): ApiError {
  return new ApiError(
    {
      type: 'about:blank',
      title: 'Could not reach the server',
      status: 0,
      detail: 'Could not reach the server. Check your connection and try again.',
      code: 'network_error',
    },
    { cause },
  );
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof DOMException && error.name === 'AbortError');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  return JSON.parse(text);
}

/** Builds an ApiError from any non-2xx answer, problem+json or not. */
async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await readJson(response);
  } catch {
    body = undefined;
  }
  const problem = problemSchema.safeParse(body);
  if (problem.success) return new ApiError({ ...problem.data, status: response.status });
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || `The server answered ${response.status}`,
    status: response.status,
    code: response.status >= 500 ? 'server_error' : 'http_error',
  });
}

/** A successful answer: its status and its JSON body (undefined when empty). */
interface Answered {
  status: number;
  data: unknown;
}

/**
 * Calls the BFF: same-origin cookie, `X-CSRF: 1` (the BFF refuses /api requests without it). Resolves
 * with a 2xx answer, body unread; throws an ApiError otherwise.
 */
async function exchange(path: string, options: Omit<RequestOptions<undefined>, 'schema'>): Promise<Response> {
  const { method = 'GET', body, signal, notifyUnauthorized = true } = options;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    [CSRF_HEADER]: '1',
    ...options.headers,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    reportAnswer(0);
    throw networkError(error);
  }
  reportAnswer(response.status);

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && notifyUnauthorized) {
      for (const listener of unauthorizedListeners) listener(error);
    }
    throw error;
  }
  return response;
}

/** As `exchange`, JSON in and out: resolves with the status and body of a 2xx. */
async function send(path: string, options: Omit<RequestOptions<undefined>, 'schema'>): Promise<Answered> {
  const response = await exchange(path, options);
  if (response.status === 204 || response.status === 205) return { status: response.status, data: undefined };
  try {
    return { status: response.status, data: await readJson(response) };
  } catch (cause) {
    if (isAbort(cause, options.signal)) throw cause;
    throw invalidResponse(response.status, cause);
  }
}

function parsed<T>(schema: z.ZodType<T>, { status, data }: Answered): T {
  const result = schema.safeParse(data);
  if (!result.success) throw invalidResponse(status, result.error);
  return result.data;
}

/**
 * Calls a BFF path of its own (`/session`) or an ad-hoc one; the IAM's routes go through
 * `callRoute`. Resolves with the (validated) body, or undefined for 204.
 */
export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  path: string,
  options: RequestOptions<S> = {},
): Promise<Answer<S>> {
  const { schema, ...rest } = options;
  const answered = await send(path, rest);
  if (answered.status === 204 || answered.status === 205) return undefined as Answer<S>;
  if (!schema) return answered.data as Answer<S>;
  return parsed(schema, answered) as Answer<S>;
}

/** The IAM API's browser routes, as the BFF proxies them: `/v2/client/…` is `/api/iam/…`. */
const IAM_PREFIX = '/v2/client/';

/** Where the BFF proxies an IAM route (`/v2/client/multi-user/{userId}` → `/iam/multi-user/{userId}`). */
export function browserPath(iamPath: string): string {
  if (!iamPath.startsWith(IAM_PREFIX)) throw new Error(`${iamPath} is not a route the BFF proxies`);
  return `/iam/${iamPath.slice(IAM_PREFIX.length)}`;
}

/** A route of the registry that the BFF proxies, with or without a session. */
type BrowserRoute = CallableRoute & { browser: true | 'public' };

export type CallOptions<R extends BrowserRoute> = RouteInput<R> & {
  signal?: AbortSignal | undefined;
};

/**
 * Calls one IAM route through the BFF, everything taken from its declaration in the contract's
 * registry: path parameters, query, body, If-Match, Idempotency-Key, and the schema the answer must
 * match. Public routes (pages reached from a mailed link) have no session, so their 401 sends
 * nobody to sign in.
 */
export async function callRoute<R extends BrowserRoute>(route: R, options: CallOptions<R>): Promise<RouteAnswer<R>> {
  const request = routeRequest(route, options);
  const answered = await send(browserPath(request.path), {
    method: request.method,
    body: request.body,
    headers: request.headers,
    signal: options.signal,
    notifyUnauthorized: route.browser !== 'public',
  });
  const schema = answerSchema(route, answered.status);
  if (schema === null) return undefined as RouteAnswer<R>;
  return parsed(schema, answered) as RouteAnswer<R>;
}

function invalidResponse(status: number, cause: unknown): ApiError {
  return new ApiError(
    {
      type: 'about:blank',
      title: 'The server sent an answer this app does not understand',
      status,
      code: 'invalid_response',
    },
    { cause },
  );
}

/** A file an IAM route answers (an export): its bytes and the name the server gave it. */
export interface RouteFile {
  blob: Blob;
  fileName: string | undefined;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` answer. */
export function attachmentName(disposition: string | null): string | undefined {
  const name = disposition?.match(/filename="?([^";]+)"?/i)?.[1]?.trim();
  return name && /^[\w.-]+$/.test(name) ? name : undefined;
}

/**
 * Fetches a file from an IAM route through the BFF (same origin, with the CSRF header a plain link
 * could not send), as `callRoute` calls a JSON route.
 */
export async function fetchRouteFile<R extends BrowserRoute>(route: R, options: CallOptions<R>): Promise<RouteFile> {
  const request = routeRequest(route, options);
  const response = await exchange(browserPath(request.path), {
    method: request.method,
    headers: { ...request.headers, Accept: '*/*' },
    signal: options.signal,
  });
  return { blob: await response.blob(), fileName: attachmentName(response.headers.get('content-disposition')) };
}

import {
  type CallableRoute,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problemSchema,
  type RouteInput,
  routeRequest,
  routes,
  signInResultSchema,
  type User,
} from '@team-access/contract';
import { expect } from 'vitest';
import { basicAuth, TEST_CREDENTIALS } from './harness.ts';

export interface CallOptions {
  body?: unknown;
  /** An actor session token; none for a server-to-server call. */
  token?: string | undefined;
  headers?: Record<string, string>;
  credentials?: { apiKey: string; apiSecret: string };
}

/** A small client for the IAM API in tests: Basic auth always, the actor token when given. */
export function iamClient(baseUrl: string) {
  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = {
      authorization: basicAuth(options.credentials ?? TEST_CREDENTIALS),
      ...(options.token ? { 'x-actor-token': options.token } : {}),
      ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, json: json as never };
  }

  /**
   * Calls one route of the contract's registry, built as the web builds it (path parameters, query,
   * body, If-Match, Idempotency-Key). Answers like `call`.
   */
  async function route<R extends CallableRoute>(def: R, input: RouteInput<R> & Omit<CallOptions, 'body'>) {
    const request = routeRequest(def, input);
    return call(request.method, request.path, {
      ...input,
      body: request.body,
      headers: { ...request.headers, ...input.headers },
    });
  }

  async function signIn(email: string, password: string): Promise<string> {
    const res = await route(routes.signIn, { body: { email, password } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return signInResultSchema.parse(res.json).token;
  }
  /** Creates a user server-to-server (full rights) and answers it. */
  async function createUser(body: Record<string, unknown>): Promise<User> {
    const res = await route(routes.createUser, {
      body: { password: 'long enough password', ...body } as RouteInput<typeof routes.createUser>['body'],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as User;
  }

  return {
    call,
    route,
    signIn,
    createUser,
    /** Creates a user with this password and signs them in: the user, and the token to act as them. */
    async createSignedIn(body: Record<string, unknown> & { password: string }): Promise<{ user: User; token: string }> {
      const user = await createUser(body);
      return { user, token: await signIn(user.email, body.password) };
    },
    /** A set-up call, server-to-server so that it never depends on the rules under test: it must succeed. */
    async arrange(method: string, path: string, body?: unknown): Promise<never> {
      const res = await call(method, path, { body });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
      return res.json as never;
    },
  };
}

export type IamClient = ReturnType<typeof iamClient>;

/** Asserts an RFC 9457 answer with this status and code, and answers the problem. */
export function expectProblem(
  res: { status: number; headers: Headers; json: unknown },
  status: number,
  code: string,
): Problem {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(res.json);
  expect(problem.code).toBe(code);
  return problem;
}

import { PROBLEM_CONTENT_TYPE, problemSchema } from '@team-access/contract';
import { TEST_OWNER, type TestIam } from '@team-access/iam/testing';
import { expect } from 'vitest';

export type TestBrowser = ReturnType<typeof browser>;

/** A browser-like client: keeps the session cookie, sends X-CSRF unless told not to. */
export function browser(base: string) {
  let cookie: string | undefined;
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value) {
      cookie = value;
    },
    async fetch(path: string, init: RequestInit & { csrf?: boolean } = {}) {
      const headers = new Headers(init.headers);
      if (init.csrf !== false) headers.set('x-csrf', '1');
      if (cookie) headers.set('cookie', cookie);
      const response = await fetch(`${base}${path}`, { ...init, headers, redirect: 'manual' });
      const set = response.headers.get('set-cookie');
      if (set) {
        const [pair] = set.split(';');
        cookie = pair?.endsWith('=') ? undefined : pair;
      }
      return response;
    },
    signIn(email = TEST_OWNER.email, password = TEST_OWNER.password, headers: Record<string, string> = {}) {
      return this.fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email, password }),
      });
    },
  };
}

export async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(await response.json());
  expect(problem.code).toBe(code);
  return problem;
}

/** Who `GET /api/session` says is signed in: their email, or null when nobody is (a 200 either way). */
export async function signedInAs(response: Response): Promise<string | null> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { user: { email: string } } | null;
  return body?.user.email ?? null;
}

export async function expectSignedOut(response: Response): Promise<void> {
  expect(await signedInAs(response)).toBeNull();
}

export async function liveIamSessions(iam: TestIam): Promise<number> {
  const rows = await iam.db.query<{ n: number }>('select count(*)::int as n from sessions where revoked_at is null');
  return rows[0]?.n ?? 0;
}

import { PROBLEM_CONTENT_TYPE, problemSchema, signInResultSchema, userSchema } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../testing/databases.ts';
import { basicAuth, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

describe.each(testDatabases)('auth on $name', (database) => {
  let iam: TestIam;
  useTestIam(database, (suite) => ({ iam } = suite));

  const signIn = (body: unknown, authorization: string | null = basicAuth()) =>
    fetch(`${iam.url}/v2/client/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function expectProblem(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
    const problem = problemSchema.parse(await response.json());
    expect(problem.code).toBe(code);
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    return problem;
  }

  it('when the owner signs in with the right password, then a token and the user come back and /me answers', async () => {
    const response = await signIn({ email: TEST_OWNER.email.toUpperCase(), password: TEST_OWNER.password });

    expect(response.status).toBe(200);
    const result = signInResultSchema.parse(await response.json());
    expect(result.user).toMatchObject({ email: TEST_OWNER.email, role: 'OWNER', status: 'active' });
    expect(result.user.lastLoginAt).not.toBeNull();
    expect(JSON.stringify(result)).not.toMatch(/argon2|password/i);
    const me = await fetch(`${iam.url}/v2/client/auth/me`, {
      headers: { authorization: basicAuth(), 'x-actor-token': result.token },
    });
    expect(me.status).toBe(200);
    expect(userSchema.parse(await me.json()).id).toBe(result.user.id);
  });

  it('when the token is stored, then only its hash is in the database', async () => {
    const result = signInResultSchema.parse(
      await (await signIn({ email: TEST_OWNER.email, password: TEST_OWNER.password })).json(),
    );
    const rows = await iam.db.query<{ token_hash: Uint8Array }>('select token_hash from sessions');
    const stored = rows.map((r) => Buffer.from(r.token_hash).toString('utf8'));
    expect(stored.some((s) => s.includes(result.token))).toBe(false);
    expect(rows.every((r) => Buffer.from(r.token_hash).length === 32)).toBe(true);
  });

  it('when the password is wrong or the email unknown, then both get the same 401 answer', async () => {
    const wrong = await signIn({ email: TEST_OWNER.email, password: 'not the password' });
    const unknown = await signIn({ email: 'nobody@example.com', password: 'not the password' });

    const a = await expectProblem(wrong, 401, 'invalid_credentials');
    const b = await expectProblem(unknown, 401, 'invalid_credentials');
    expect({ ...a, requestId: undefined }).toEqual({ ...b, requestId: undefined });
  });

  it('when Basic auth is missing, malformed or wrong, then 401 problem+json and no sign-in happens', async () => {
    const body = { email: TEST_OWNER.email, password: TEST_OWNER.password };
    const before = await iam.db.query<{ n: number }>('select count(*)::int as n from sessions');

    await expectProblem(await signIn(body, null), 401, 'client_auth_required');
    await expectProblem(await signIn(body, 'Basic !!!'), 401, 'client_auth_required');
    await expectProblem(await signIn(body, 'Bearer abc'), 401, 'client_auth_required');
    await expectProblem(
      await signIn(body, basicAuth({ apiKey: 'ak_test_key_0001', apiSecret: 'wrong secret' })),
      401,
      'client_auth_required',
    );
    await expectProblem(
      await signIn(body, basicAuth({ apiKey: 'unknown', apiSecret: 'wrong secret' })),
      401,
      'client_auth_required',
    );
    // Control characters in the key (a NUL would make PostgreSQL fail) are a wrong key, not a 500.
    for (const apiKey of ['ak_\u0000test', 'ak_test\n', 'x'.repeat(5000)]) {
      await expectProblem(await signIn(body, basicAuth({ apiKey, apiSecret: 'secret' })), 401, 'client_auth_required');
    }
    const after = await iam.db.query<{ n: number }>('select count(*)::int as n from sessions');
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('when the body is malformed JSON, then 400 problem+json, not a 500', async () => {
    await expectProblem(await signIn('{"email": "owner@', basicAuth()), 400, 'malformed_json');
  });

  it('when fields are bad or unknown, then 400 names each field', async () => {
    const problem = await expectProblem(
      await signIn({ email: 'not-an-email', tenantId: 'x' }),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['body.email', 'body.password', 'body.tenantId']);
  });

  it('when the actor token is unknown, then 401 and never a server-to-server call', async () => {
    const response = await fetch(`${iam.url}/v2/client/auth/me`, {
      headers: { authorization: basicAuth(), 'x-actor-token': 'forged' },
    });
    await expectProblem(response, 401, 'unauthenticated');
  });

  it('when the actor signs out, then the token stops working', async () => {
    const { token } = signInResultSchema.parse(
      await (await signIn({ email: TEST_OWNER.email, password: TEST_OWNER.password })).json(),
    );
    const headers = { authorization: basicAuth(), 'x-actor-token': token };

    const out = await fetch(`${iam.url}/v2/client/auth/sign-out`, { method: 'POST', headers });
    expect(out.status).toBe(204);
    await expectProblem(await fetch(`${iam.url}/v2/client/auth/me`, { headers }), 401, 'unauthenticated');
    const events = await iam.db.query<{ action: string }>('select action from audit_events order by created_at');
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.signed_in', 'auth.signed_out']));
  });

  it('when a route does not exist, then 404 problem+json', async () => {
    await expectProblem(await fetch(`${iam.url}/v2/client/nothing-here`), 404, 'not_found');
  });

  it('when health is asked, then /healthz and /readyz answer ok', async () => {
    expect(await (await fetch(`${iam.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${iam.url}/readyz`)).json()).toEqual({ status: 'ok' });
  });
});

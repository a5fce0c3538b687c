import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_URL } from '../../app.ts';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_CREDENTIALS } from '../../testing/harness.ts';
import { type SoftPasskey, softPasskey } from '../../testing/passkey.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * A passkey alone signs in where the tenant allows it (issue 17, ADR 039): no email first, the
 * passkey names its user, verifies them (PIN, biometrics) and stands for both factors.
 */

const PASSWORD = 'a long enough password';
const ORIGIN = new URL(DEFAULT_APP_URL).origin;
const SETTINGS = '/v2/client/tenant/settings';
const OPTIONS = '/v2/client/auth/passkey-sign-in/options';
const SIGN_IN = '/v2/client/auth/passkey-sign-in';

type Options = { options: Record<string, unknown> };

describe.each(testDatabases)('signing in with a passkey alone on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;

  const allow = async (passkeySignIn: boolean) => {
    const res = await suite.api.call('PATCH', SETTINGS, { token: suite.ownerToken, body: { passkeySignIn } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ passkeySignIn });
  };
  /** A member with a registered passkey. */
  const withPasskey = async (role: 'MEMBER' | 'ADMIN' = 'MEMBER') => {
    const { user, token } = await suite.api.createSignedIn({
      email: `passwordless.${++seq}@example.com`,
      password: PASSWORD,
      role,
    });
    const key = softPasskey();
    const options = (await suite.api.call('POST', '/v2/client/auth/two-step/passkey/options', { token }))
      .json as Options;
    const res = await suite.api.call('POST', '/v2/client/auth/two-step/passkey', {
      token,
      body: { name: 'Laptop', response: key.register(options.options, ORIGIN) },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return { user, token, key };
  };
  const options = async () => {
    const res = await suite.api.call('POST', OPTIONS);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return (res.json as Options).options;
  };
  const signIn = (key: SoftPasskey, opts: Record<string, unknown>, how?: Parameters<SoftPasskey['authenticate']>[2]) =>
    suite.api.call('POST', SIGN_IN, { body: { response: key.authenticate(opts, ORIGIN, how) } });
  const liveSessions = async (userId: string) =>
    (
      await suite.iam.db.query<{ n: number }>(
        'select count(*)::int as n from sessions where user_id = $1 and revoked_at is null',
        [userId],
      )
    )[0]?.n;

  it('when the account does not allow it, then the sign-in page is told so and both routes answer 403, with nothing stored', async () => {
    await allow(false);
    expect((await suite.api.call('GET', '/v2/client/auth/sign-in-methods')).json).toEqual({ passkey: false });
    expectProblem(await suite.api.call('POST', OPTIONS), 403, 'passkey_sign_in_off');
    const { user, key } = await withPasskey();
    // Options made while it was allowed do not work once it is not.
    await allow(true);
    const opts = await options();
    await allow(false);
    expectProblem(await signIn(key, opts), 403, 'passkey_sign_in_off');
    expect(await liveSessions(user.id)).toBe(1);
  });

  it('when an OWNER allows it, then a member signs in with the passkey alone: a session of that member, audited as a passkey sign-in, the passkey marked used', async () => {
    await allow(true);
    expect((await suite.api.call('GET', '/v2/client/auth/sign-in-methods')).json).toEqual({ passkey: true });
    const { user, key } = await withPasskey();
    const opts = await options();
    // No email first: the browser offers every passkey it holds for this site.
    expect(opts).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(opts.allowCredentials ?? []).toEqual([]);

    const res = await signIn(key, opts);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const { token, user: signedIn } = res.json as { token: string; user: { id: string; email: string } };
    expect(signedIn).toMatchObject({ id: user.id, email: user.email });
    expect((await suite.api.call('GET', '/v2/client/auth/me', { token })).json).toMatchObject({ id: user.id });

    const events = await suite.iam.db.query<{ actor_user_id: string; after: unknown }>(
      `select actor_user_id, after from audit_events where action = 'auth.signed_in' and actor_user_id = $1
        order by created_at desc limit 1`,
      [user.id],
    );
    expect(events[0]?.after).toEqual({ method: 'passkey' });
    const factors = (await suite.api.call('GET', '/v2/client/auth/two-step', { token })).json as {
      factors: { lastUsedAt: string | null }[];
    };
    expect(factors.factors[0]?.lastUsedAt).not.toBeNull();
  });

  it('when the answer is replayed, from another origin, without user verification, with another user handle or of an unknown passkey, then it is refused alike, audited, and its challenge spent', async () => {
    await allow(true);
    const { user, key } = await withPasskey();
    const failuresBefore = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'auth.sign_in_failed'`,
    );

    const opts = await options();
    const answer = { response: key.authenticate(opts, ORIGIN) };
    expect((await suite.api.call('POST', SIGN_IN, { body: answer })).status).toBe(200);
    // The same answer again: its challenge is used.
    expectProblem(await suite.api.call('POST', SIGN_IN, { body: answer }), 401, 'invalid_credentials');

    const foreign = await options();
    expectProblem(
      await suite.api.call('POST', SIGN_IN, { body: { response: key.authenticate(foreign, 'https://evil.example') } }),
      401,
      'invalid_credentials',
    );
    // A refused answer spent its challenge: the right answer to it does not work afterwards.
    expectProblem(await signIn(key, foreign), 401, 'invalid_credentials');

    expectProblem(await signIn(key, await options(), { userVerified: false }), 401, 'invalid_credentials');
    const other = await withPasskey();
    expectProblem(
      await signIn(key, await options(), { userHandle: String((await options()).challenge) }),
      401,
      'invalid_credentials',
    );
    expectProblem(await signIn(softPasskey(), await options()), 401, 'invalid_credentials');

    const failuresAfter = await suite.iam.db.query<{ n: number; passkey: number }>(
      `select count(*)::int as n, count(*) filter (where after->>'method' = 'passkey')::int as passkey
         from audit_events where action = 'auth.sign_in_failed'`,
    );
    expect((failuresAfter[0]?.n ?? 0) - (failuresBefore[0]?.n ?? 0)).toBe(6);
    expect(failuresAfter[0]?.passkey).toBeGreaterThanOrEqual(6);
    // The right passkey of another user still signs that user in, and only them.
    const res = await signIn(other.key, await options());
    expect((res.json as { user: { id: string } }).user.id).toBe(other.user.id);
    expect(await liveSessions(user.id)).toBe(2);
  });

  it('when a passkey sign-in asks for an access token, then it comes with the session, for that member', async () => {
    await allow(true);
    const { user, key } = await withPasskey();
    const res = await suite.api.call('POST', SIGN_IN, {
      body: { response: key.authenticate(await options(), ORIGIN), accessToken: true },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const { accessToken } = res.json as { accessToken: string };
    const keys = createLocalJWKSet((await suite.api.call('GET', '/.well-known/jwks.json')).json);
    const { payload } = await jwtVerify(accessToken, keys, { audience: TEST_CREDENTIALS.apiKey, typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: user.id, access_level: 'MEMBER' });
  });

  it('when the member is deactivated, then their passkey signs nobody in', async () => {
    await allow(true);
    const { user, key } = await withPasskey();
    const res = await suite.api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: { status: 'inactive' } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expectProblem(await signIn(key, await options()), 401, 'invalid_credentials');
  });

  it("when a passkey of another account answers this account's options, then it signs nobody in", async () => {
    await allow(true);
    await addTenant(suite.iam.db);
    const credentials = OTHER_TENANT_CREDENTIALS;
    await suite.api.call('PATCH', SETTINGS, { credentials, body: { passkeySignIn: true } });
    const created = await suite.api.call('POST', '/v2/client/multi-user', {
      credentials,
      body: { email: `stranger.${++seq}@other.example`, password: PASSWORD },
    });
    expect(created.status).toBe(201);
    const { token } = (
      await suite.api.call('POST', '/v2/client/auth/sign-in', {
        credentials,
        body: { email: (created.json as { email: string }).email, password: PASSWORD },
      })
    ).json as { token: string };
    const key = softPasskey();
    const regOptions = (
      await suite.api.call('POST', '/v2/client/auth/two-step/passkey/options', { credentials, token })
    ).json as Options;
    const registered = await suite.api.call('POST', '/v2/client/auth/two-step/passkey', {
      credentials,
      token,
      body: { response: key.register(regOptions.options, ORIGIN) },
    });
    expect(registered.status).toBe(201);
    // Answering this tenant's options with the other tenant's passkey.
    expectProblem(await signIn(key, await options()), 401, 'invalid_credentials');
    // And this tenant's options are no good at the other tenant either.
    const mine = await options();
    expectProblem(
      await suite.api.call('POST', SIGN_IN, { credentials, body: { response: key.authenticate(mine, ORIGIN) } }),
      401,
      'invalid_credentials',
    );
  });

  it('when the settings change, then each changed setting is one audit event, and an ADMIN may not change them', async () => {
    await allow(false);
    const before = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action like 'tenant.%'`,
    );
    const res = await suite.api.call('PATCH', SETTINGS, {
      token: suite.ownerToken,
      body: { passkeySignIn: true, twoStepPolicy: 'off' },
    });
    expect(res.json).toEqual({ passkeySignIn: true, twoStepPolicy: 'off' });
    const events = await suite.iam.db.query<{ action: string; before: unknown; after: unknown }>(
      `select action, before, after from audit_events where action like 'tenant.%' order by created_at desc limit 1`,
    );
    expect(events[0]).toEqual({
      action: 'tenant.passkey_sign_in_changed',
      before: { passkeySignIn: false },
      after: { passkeySignIn: true },
    });
    const after = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action like 'tenant.%'`,
    );
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(1);

    const { token } = await withPasskey('ADMIN');
    expectProblem(await suite.api.call('PATCH', SETTINGS, { token, body: { passkeySignIn: false } }), 403, 'forbidden');
    const empty = expectProblem(
      await suite.api.call('PATCH', SETTINGS, { token: suite.ownerToken, body: {} }),
      400,
      'validation_failed',
    );
    expect(empty.errors?.map((e) => e.path)).toEqual(['body.twoStepPolicy']);
    expect((await suite.api.call('GET', SETTINGS, { token })).json).toMatchObject({ passkeySignIn: true });
  });
});

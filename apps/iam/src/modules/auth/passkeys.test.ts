import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_URL } from '../../app.ts';
import { type CallOptions, expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { type SoftPasskey, softPasskey } from '../../testing/passkey.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * Passkeys as a second factor (ADR 032): registered with server-side, single-use challenges,
 * several per user, named, removed; a passkey answers the second step of a sign-in.
 */

const PASSWORD = 'a long enough password';
const ORIGIN = new URL(DEFAULT_APP_URL).origin;
const TWO_STEP = '/v2/client/auth/two-step';

type Options = { options: Record<string, unknown> };

describe.each(testDatabases)('passkeys on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;
  const as = (token: string): CallOptions => ({ token });
  const signedIn = () =>
    suite.api.createSignedIn({ email: `passkey.${++seq}@example.com`, password: PASSWORD, role: 'MEMBER' });
  const registrationOptions = async (token: string) => {
    const res = await suite.api.call('POST', `${TWO_STEP}/passkey/options`, as(token));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return (res.json as Options).options;
  };
  const register = async (token: string, key: SoftPasskey, name: string) => {
    const options = await registrationOptions(token);
    return suite.api.call('POST', `${TWO_STEP}/passkey`, {
      ...as(token),
      body: { name, response: key.register(options, ORIGIN) },
    });
  };
  const challengeFor = async (email: string) => {
    const res = await suite.api.call('POST', '/v2/client/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(res.status).toBe(200);
    return (res.json as { twoStep: { challengeToken: string; methods: string[] } }).twoStep;
  };
  const signInOptions = (challengeToken: string) =>
    suite.api.call('POST', '/v2/client/auth/sign-in/two-step/passkey-options', { body: { challengeToken } });
  const second = (challengeToken: string, passkey: unknown) =>
    suite.api.call('POST', '/v2/client/auth/sign-in/two-step', { body: { challengeToken, passkey } });

  it('when a member registers two named passkeys, then both are listed, `mfa` is on, the first brought recovery codes, and each is audited', async () => {
    const { user, token } = await signedIn();
    const options = await registrationOptions(token);
    expect(options).toMatchObject({ rp: { id: 'localhost', name: 'Team Access' }, user: { name: user.email } });

    const first = await register(token, softPasskey(), 'Laptop');
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.headers.get('location')).toBe('/v2/client/auth/two-step');
    expect((first.json as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const second = await register(token, softPasskey(), 'Security key');
    expect(second.status).toBe(201);
    expect((second.json as { recoveryCodes: unknown }).recoveryCodes).toBeNull();

    const status = (await suite.api.call('GET', TWO_STEP, as(token))).json as {
      factors: { type: string; name: string; lastUsedAt: string | null }[];
    };
    expect(status.factors.map((f) => [f.type, f.name, f.lastUsedAt])).toEqual([
      ['passkey', 'Laptop', null],
      ['passkey', 'Security key', null],
    ]);
    expect((await suite.api.call('GET', '/v2/client/auth/me', as(token))).json).toMatchObject({ mfa: true });
    const events = await suite.iam.db.query<{ after: { type: string; name: string } }>(
      `select after from audit_events where action = 'user.two_step_enrolled' and target_id = $1 order by created_at`,
      [user.id],
    );
    expect(events.map((e) => e.after)).toEqual([
      { type: 'passkey', name: 'Laptop' },
      { type: 'passkey', name: 'Security key' },
    ]);
  });

  it('when a registration answer reuses a challenge, is for another origin, or the same passkey comes twice, then it is refused and nothing is stored', async () => {
    const { token } = await signedIn();
    const key = softPasskey();
    const options = await registrationOptions(token);
    const wrongOrigin = await suite.api.call('POST', `${TWO_STEP}/passkey`, {
      ...as(token),
      body: { response: key.register(options, 'https://evil.example') },
    });
    expect(expectProblem(wrongOrigin, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.response']);
    // The challenge went with the failed answer: single use.
    const reused = await suite.api.call('POST', `${TWO_STEP}/passkey`, {
      ...as(token),
      body: { response: key.register(options, ORIGIN) },
    });
    expect(expectProblem(reused, 400, 'validation_failed').detail).toMatch(/expired or was used/);
    // Unknown challenge.
    const forged = key.register({ ...options, challenge: 'bm90LWEtY2hhbGxlbmdl' }, ORIGIN);
    expectProblem(
      await suite.api.call('POST', `${TWO_STEP}/passkey`, { ...as(token), body: { response: forged } }),
      400,
      'validation_failed',
    );
    expect(((await suite.api.call('GET', TWO_STEP, as(token))).json as { factors: unknown[] }).factors).toEqual([]);

    expect((await register(token, key, 'Once')).status).toBe(201);
    expectProblem(await register(token, key, 'Twice'), 409, 'conflict');
  });

  it('when a user with a passkey signs in, then the second step takes the passkey once; a replayed or foreign answer is refused', async () => {
    const { user, token } = await signedIn();
    const key = softPasskey();
    expect((await register(token, key, 'Laptop')).status).toBe(201);

    const pending = await challengeFor(user.email);
    expect(pending.methods).toEqual(['passkey']);
    const options = (await signInOptions(pending.challengeToken)).json as Options;
    expect(options.options).toMatchObject({ rpId: 'localhost', allowCredentials: [{ id: key.id }] });
    const answer = key.authenticate(options.options, ORIGIN);
    const signed = await second(pending.challengeToken, answer);
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    expect((signed.json as { token: string }).token).toEqual(expect.any(String));
    const [factor] = ((await suite.api.call('GET', TWO_STEP, as(token))).json as { factors: { lastUsedAt: string }[] })
      .factors;
    expect(factor?.lastUsedAt).not.toBeNull();

    // The same answer on a new pending sign-in: its challenge is not this one's.
    const again = await challengeFor(user.email);
    expectProblem(await second(again.challengeToken, answer), 401, 'invalid_code');
    // Another passkey (not the user's), and an answer for another origin: refused alike.
    const fresh = (await signInOptions(again.challengeToken)).json as Options;
    expectProblem(
      await second(again.challengeToken, softPasskey().authenticate(fresh.options, ORIGIN)),
      401,
      'invalid_code',
    );
    const fresh2 = (await signInOptions(again.challengeToken)).json as Options;
    expectProblem(
      await second(again.challengeToken, key.authenticate(fresh2.options, 'https://evil.example')),
      401,
      'invalid_code',
    );
    // A right answer to fresh options still signs in (attempts are left).
    const fresh3 = (await signInOptions(again.challengeToken)).json as Options;
    expect((await second(again.challengeToken, key.authenticate(fresh3.options, ORIGIN))).status).toBe(200);
  });

  it('when options are asked for again, then only the newest challenge answers, and one challenge row stays live', async () => {
    const { user, token } = await signedIn();
    const key = softPasskey();
    expect((await register(token, key, 'Laptop')).status).toBe(201);
    const pending = await challengeFor(user.email);
    const older = (await signInOptions(pending.challengeToken)).json as Options;
    for (let i = 0; i < 5; i++) await signInOptions(pending.challengeToken);
    const newest = (await signInOptions(pending.challengeToken)).json as Options;
    const live = await suite.iam.db.query<{ n: number }>(
      'select count(*)::int as n from webauthn_challenges where user_id = $1 and used_at is null and expires_at > now()',
      [user.id],
    );
    expect(live[0]?.n).toBe(1);
    expectProblem(await second(pending.challengeToken, key.authenticate(older.options, ORIGIN)), 401, 'invalid_code');
    // A refused answer spends the sign-in's challenges: fresh options, then the right answer.
    const fresh = (await signInOptions(pending.challengeToken)).json as Options;
    expect(newest.options).not.toEqual(fresh.options);
    expect((await second(pending.challengeToken, key.authenticate(fresh.options, ORIGIN))).status).toBe(200);
  });

  it('when a user has no passkey or the pending sign-in is unknown, then options answer 401 invalid_code; removing the passkeys turns two-step off', async () => {
    const { user, token } = await signedIn();
    expectProblem(await signInOptions('no-such-pending-sign-in'), 401, 'invalid_code');
    const key = softPasskey();
    expect((await register(token, key, 'Laptop')).status).toBe(201);
    const factors = ((await suite.api.call('GET', TWO_STEP, as(token))).json as { factors: { id: string }[] }).factors;
    expect((await suite.api.call('DELETE', `${TWO_STEP}/${factors[0]?.id}`, as(token))).status).toBe(204);
    expect((await suite.api.call('GET', '/v2/client/auth/me', as(token))).json).toMatchObject({ mfa: false });
    // No factor: the password alone signs in.
    const res = await suite.api.call('POST', '/v2/client/auth/sign-in', {
      body: { email: user.email, password: PASSWORD },
    });
    expect((res.json as { token?: string }).token).toEqual(expect.any(String));
  });
});

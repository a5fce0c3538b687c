import { TWO_STEP_MAX_ATTEMPTS } from '@team-access/contract';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { type CallOptions, expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { TEST_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { stepOfCode } from './two-step.ts';

const PASSWORD = 'a long enough password';

const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });

describe('a code and its time step', () => {
  const secret = new Secret({ size: 20 }).base32;
  // The middle of a step, so ±30 s are whole steps away.
  const now = Math.floor(Date.now() / 30_000) * 30_000 + 15_000;
  const step = now / 30_000 - 0.5;

  it('when a code is of the step before, now or after, then it is accepted with its own step', () => {
    expect(stepOfCode(secret, codeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(stepOfCode(secret, codeAt(secret, now), now)).toBe(step);
    expect(stepOfCode(secret, codeAt(secret, now + 30_000), now)).toBe(step + 1);
  });

  it('when a code is two steps away, then it is refused', () => {
    expect(stepOfCode(secret, codeAt(secret, now - 60_000), now)).toBeUndefined();
    expect(stepOfCode(secret, codeAt(secret, now + 60_000), now)).toBeUndefined();
  });
});

describe.each(testDatabases)('two-step sign-in on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;

  const as = (token: string): CallOptions => ({ token });
  const person = (extra: Record<string, unknown> = {}) =>
    suite.api.createUser({ email: `two-step.${++seq}@example.com`, password: PASSWORD, ...extra });
  const signInAnswer = (email: string) =>
    suite.api.call('POST', '/v2/client/auth/sign-in', { body: { email, password: PASSWORD } });
  const challenge = async (email: string) => {
    const res = await signInAnswer(email);
    expect(res.status).toBe(200);
    const { twoStep } = res.json as { twoStep: { challengeToken: string } };
    expect(twoStep.challengeToken).toEqual(expect.any(String));
    return twoStep.challengeToken;
  };
  const second = (challengeToken: string, body: Record<string, string>) =>
    suite.api.call('POST', '/v2/client/auth/sign-in/two-step', { body: { challengeToken, ...body } });

  /** A user with an authenticator set up; the confirming code used the current step. */
  async function enrolled(extra: Record<string, unknown> = {}) {
    const user = await person(extra);
    const token = await suite.api.signIn(user.email, PASSWORD);
    const setup = await suite.api.call('GET', '/v2/client/auth/two-step/totp/setup', as(token));
    expect(setup.status).toBe(200);
    const { secret, uri, qrSvg } = setup.json as { secret: string; uri: string; qrSvg: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Team%20Access:/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg /);
    const confirmed = await suite.api.call('POST', '/v2/client/auth/two-step/totp', {
      ...as(token),
      body: { secret, code: codeAt(secret, Date.now()), name: 'Phone' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(201);
    const { recoveryCodes, factor } = confirmed.json as { recoveryCodes: string[]; factor: { name: string } };
    expect(factor.name).toBe('Phone');
    return { user, token, secret, recoveryCodes, confirmedJson: JSON.stringify(confirmed.json) };
  }

  it('when the second step asks for an access token, then the session comes with one for that user (the first step answers none)', async () => {
    const { user, recoveryCodes } = await enrolled();
    const first = await suite.api.call('POST', '/v2/client/auth/sign-in', {
      body: { email: user.email, password: PASSWORD, accessToken: true },
    });
    expect(first.json).not.toHaveProperty('accessToken');
    const { challengeToken } = (first.json as { twoStep: { challengeToken: string } }).twoStep;
    const res = await suite.api.call('POST', '/v2/client/auth/sign-in/two-step', {
      body: { challengeToken, recoveryCode: recoveryCodes[0], accessToken: true },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const { token, accessToken } = res.json as { token: string; accessToken: string };
    expect(token).toEqual(expect.any(String));
    const keys = createLocalJWKSet((await suite.api.call('GET', '/.well-known/jwks.json')).json);
    const { payload } = await jwtVerify(accessToken, keys, { audience: TEST_CREDENTIALS.apiKey, typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: user.id, access_level: 'MEMBER' });
  });

  it('when an authenticator is confirmed, then the user has two-step, ten recovery codes, and the secret is sealed in the database', async () => {
    const { user, token, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);

    const me = await suite.api.call('GET', '/v2/client/auth/me', as(token));
    expect((me.json as { mfa: boolean }).mfa).toBe(true);
    const status = await suite.api.call('GET', '/v2/client/auth/two-step', as(token));
    expect(status.json).toMatchObject({
      recoveryCodesLeft: 10,
      factors: [{ type: 'totp', name: 'Phone', lastUsedAt: null }],
    });
    const list = await suite.api.call('GET', '/v2/client/multi-user?mfa=true', as(suite.ownerToken));
    expect((list.json as { items: { id: string }[] }).items.map((u) => u.id)).toContain(user.id);

    // Never again in an answer: not in the status, the user, the admin's view of the factors.
    const admin = await suite.api.call('GET', `/v2/client/multi-user/${user.id}/two-step`, as(suite.ownerToken));
    for (const res of [me, status, list, admin]) expect(JSON.stringify(res.json)).not.toContain(secret);
    // Sealed at rest: neither the secret nor its bytes are in the row, and no code is kept plain.
    const rows = await suite.iam.db.query<{ secret_ciphertext: Buffer }>(
      'select secret_ciphertext from mfa_factors where user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    const stored = Buffer.from(rows[0]?.secret_ciphertext as Buffer);
    expect(stored.toString('latin1')).not.toContain(secret);
    expect(stored.includes(Buffer.from(Secret.fromBase32(secret).bytes))).toBe(false);
    expect(stored.length).toBeGreaterThanOrEqual(12 + 16 + secret.length);
    const codes = await suite.iam.db.query<{ code_hash: Buffer }>(
      'select code_hash from mfa_recovery_codes where user_id = $1',
      [user.id],
    );
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(Buffer.from(c.code_hash).toString('latin1')).not.toMatch(/[a-z2-7]{5}/);
  });

  it('when the first code is wrong, then nothing is set up and the field is named', async () => {
    const user = await person();
    const token = await suite.api.signIn(user.email, PASSWORD);
    const { secret } = (await suite.api.call('GET', '/v2/client/auth/two-step/totp/setup', as(token))).json as {
      secret: string;
    };
    const wrong = await suite.api.call('POST', '/v2/client/auth/two-step/totp', {
      ...as(token),
      body: { secret, code: codeAt(secret, Date.now() + 120_000) },
    });
    expect(expectProblem(wrong, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['code']);
    const malformed = await suite.api.call('POST', '/v2/client/auth/two-step/totp', {
      ...as(token),
      body: { secret: 'not a secret', code: '12' },
    });
    expect(
      expectProblem(malformed, 400, 'validation_failed')
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.code', 'body.secret']);
    expect((await suite.api.call('GET', '/v2/client/auth/two-step', as(token))).json).toEqual({
      factors: [],
      recoveryCodesLeft: 0,
    });
  });

  it('when a user with two-step signs in, then the password alone gives no session, a code does once, and its replay is refused', async () => {
    const { user, secret } = await enrolled();
    const first = await signInAnswer(user.email);
    expect(first.json).not.toHaveProperty('token');
    const challengeToken = (first.json as { twoStep: { challengeToken: string } }).twoStep.challengeToken;
    // The confirming code's step is taken: the next step's code signs in.
    const code = codeAt(secret, Date.now() + 30_000);
    const ok = await second(challengeToken, { code });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const { token } = ok.json as { token: string };
    expect((await suite.api.call('GET', '/v2/client/auth/me', as(token))).status).toBe(200);
    const used = (await suite.api.call('GET', '/v2/client/auth/two-step', as(token))).json as {
      factors: { lastUsedAt: string | null }[];
    };
    expect(used.factors[0]?.lastUsedAt).toEqual(expect.any(String));

    // The same pending sign-in is used up; a new one with the same code is a replay.
    expectProblem(await second(challengeToken, { code }), 401, 'invalid_code');
    const replay = await second(await challenge(user.email), { code });
    expectProblem(replay, 401, 'invalid_code');
    const failures = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'auth.two_step_failed' and target_id = $1`,
      [user.id],
    );
    // The used-up pending sign-in names nobody; the replay on a fresh one names the user.
    expect(failures[0]?.n).toBe(1);
  });

  it('when a recovery code is used, then it signs in once and is gone', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [code] = recoveryCodes as [string];
    const ok = await second(await challenge(user.email), { recoveryCode: code.toUpperCase() });
    expect(ok.status).toBe(200);
    const again = await second(await challenge(user.email), { recoveryCode: code });
    expectProblem(again, 401, 'invalid_code');
    const token = (ok.json as { token: string }).token;
    const status = await suite.api.call('GET', '/v2/client/auth/two-step', as(token));
    expect((status.json as { recoveryCodesLeft: number }).recoveryCodesLeft).toBe(9);

    // A new set replaces the old: an unused old code stops working.
    const renewed = await suite.api.call('POST', '/v2/client/auth/two-step/recovery-codes', as(token));
    expect((renewed.json as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    expectProblem(
      await second(await challenge(user.email), { recoveryCode: recoveryCodes[1] as string }),
      401,
      'invalid_code',
    );
    const fresh = (renewed.json as { recoveryCodes: string[] }).recoveryCodes[0] as string;
    expect((await second(await challenge(user.email), { recoveryCode: fresh })).status).toBe(200);
  });

  it('when wrong codes reach the limit, then the pending sign-in ends and even a right code is answered the same', async () => {
    const { user, recoveryCodes } = await enrolled();
    const challengeToken = await challenge(user.email);
    const answers = [];
    for (let i = 0; i < TWO_STEP_MAX_ATTEMPTS; i++) {
      answers.push(await second(challengeToken, { recoveryCode: 'aaaaa-aaaaa' }));
    }
    const locked = await second(challengeToken, { recoveryCode: recoveryCodes[0] as string });
    for (const res of [...answers, locked]) {
      const { requestId: _r, ...rest } = expectProblem(res, 401, 'invalid_code');
      const { requestId: _f, ...first } = expectProblem(answers[0] as never, 401, 'invalid_code');
      expect(rest).toEqual(first);
    }
    // The code was not spent by the refused attempt.
    expect((await second(await challenge(user.email), { recoveryCode: recoveryCodes[0] as string })).status).toBe(200);
    expectProblem(await second('no-such-challenge', { code: '123456' }), 401, 'invalid_code');
    const both = await second(challengeToken, { code: '123456', recoveryCode: 'aaaaa-aaaaa' });
    expect(expectProblem(both, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.code']);
  });

  it('when an admin resets a member, then the factors and sessions are gone; an ADMIN cannot reset an OWNER, nor anyone themselves', async () => {
    const { user, token } = await enrolled();
    const reset = await suite.api.call('DELETE', `/v2/client/multi-user/${user.id}/two-step`, as(suite.ownerToken));
    expect(reset.status).toBe(204);
    expect((await suite.api.call('GET', '/v2/client/auth/me', as(token))).status).toBe(401);
    const fresh = await signInAnswer(user.email);
    expect(fresh.json).toHaveProperty('token');
    expect((fresh.json as { user: { mfa: boolean } }).user.mfa).toBe(false);
    const [event] = await suite.iam.db.query<{ after: { sessionsEnded: number } }>(
      `select after from audit_events where action = 'user.two_step_reset' and target_id = $1`,
      [user.id],
    );
    expect(event?.after.sessionsEnded).toBe(1);

    const admin = await person({ role: 'ADMIN' });
    const adminToken = await suite.api.signIn(admin.email, PASSWORD);
    const { user: owner } = await enrolled({ role: 'OWNER' });
    const refused = await suite.api.call('DELETE', `/v2/client/multi-user/${owner.id}/two-step`, as(adminToken));
    expect(expectProblem(refused, 403, 'forbidden').detail).toBe(
      "Only an owner can reset an owner's two-step sign-in.",
    );
    const self = await suite.api.call('DELETE', `/v2/client/multi-user/${admin.id}/two-step`, as(adminToken));
    expectProblem(self, 403, 'forbidden');
    const member = await person();
    const memberToken = await suite.api.signIn(member.email, PASSWORD);
    expectProblem(
      await suite.api.call('DELETE', `/v2/client/multi-user/${owner.id}/two-step`, as(memberToken)),
      403,
      'forbidden',
    );
    expectProblem(
      await suite.api.call('GET', `/v2/client/multi-user/${owner.id}/two-step`, as(memberToken)),
      403,
      'forbidden',
    );
    const ownerStatus = await suite.api.call('GET', `/v2/client/multi-user/${owner.id}/two-step`, as(adminToken));
    expect((ownerStatus.json as { factors: unknown[] }).factors).toHaveLength(1);
  });

  it('when a user removes their only factor, then two-step is off and the recovery codes are gone', async () => {
    const { user, token, recoveryCodes } = await enrolled();
    const status = (await suite.api.call('GET', '/v2/client/auth/two-step', as(token))).json as {
      factors: { id: string }[];
    };
    const removed = await suite.api.call('DELETE', `/v2/client/auth/two-step/${status.factors[0]?.id}`, as(token));
    expect(removed.status).toBe(204);
    const answer = await signInAnswer(user.email);
    expect((answer.json as { user: { mfa: boolean } }).user.mfa).toBe(false);
    expect(recoveryCodes).toHaveLength(10);
    expect((await suite.api.call('GET', '/v2/client/auth/two-step', as(token))).json).toEqual({
      factors: [],
      recoveryCodesLeft: 0,
    });
    expectProblem(await suite.api.call('POST', '/v2/client/auth/two-step/recovery-codes', as(token)), 409, 'conflict');
  });
});

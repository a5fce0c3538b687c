import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallOptions, expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * The tenant's two-step policy (ADR 031): who must have a second factor, set by an OWNER and
 * audited; a user who must and has none can only set one up; nobody removes their own last factor
 * while the policy asks for one.
 */

const PASSWORD = 'a long enough password';
const SETTINGS = '/v2/client/tenant/settings';
const TWO_STEP = '/v2/client/auth/two-step';

const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });

describe.each(testDatabases)('the two-step policy on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;
  const as = (token: string): CallOptions => ({ token });
  const signedIn = (role: 'OWNER' | 'ADMIN' | 'MEMBER') =>
    suite.api.createSignedIn({ email: `policy.${++seq}@example.com`, password: PASSWORD, role });
  /** Server to server: the tenant's credentials have its full rights. */
  const setPolicy = (twoStepPolicy: string) => suite.api.arrange('PATCH', SETTINGS, { twoStepPolicy });
  const enrol = async (token: string) => {
    const setup = await suite.api.call('GET', `${TWO_STEP}/totp/setup`, as(token));
    expect(setup.status, JSON.stringify(setup.json)).toBe(200);
    const { secret } = setup.json as { secret: string };
    return suite.api.call('POST', `${TWO_STEP}/totp`, {
      ...as(token),
      body: { secret, code: codeAt(secret, Date.now()) },
    });
  };
  const policyEvents = async () =>
    suite.iam.db.query<{ actor_user_id: string | null; before: unknown; after: unknown }>(
      `select actor_user_id, before, after from audit_events where action = 'tenant.two_step_policy_changed'
        order by created_at`,
    );

  afterEach(async () => {
    await setPolicy('off');
  });

  it('when an OWNER sets the policy, then it is read back and audited; an ADMIN, a MEMBER and a bad value are refused and change nothing', async () => {
    const before = (await policyEvents()).length;
    expect((await suite.api.call('GET', SETTINGS, as(suite.ownerToken))).json).toEqual({
      twoStepPolicy: 'off',
      passkeySignIn: false,
    });

    const admin = await signedIn('ADMIN');
    const member = await signedIn('MEMBER');
    for (const token of [admin.token, member.token]) {
      const refused = expectProblem(
        await suite.api.call('PATCH', SETTINGS, { ...as(token), body: { twoStepPolicy: 'off' } }),
        403,
        'forbidden',
      );
      expect(refused.detail).toMatch(/only owners/i);
    }
    const bad = expectProblem(
      await suite.api.call('PATCH', SETTINGS, { ...as(suite.ownerToken), body: { twoStepPolicy: 'sometimes' } }),
      400,
      'validation_failed',
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(['body.twoStepPolicy']);
    expect(await policyEvents()).toHaveLength(before);

    const set = await suite.api.call('PATCH', SETTINGS, {
      ...as(suite.ownerToken),
      body: { twoStepPolicy: 'everyone' },
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    expect(set.json).toEqual({ twoStepPolicy: 'everyone', passkeySignIn: false });
    // Anyone signed in reads it (the member page explains the requirement).
    expect((await suite.api.call('GET', SETTINGS, as(member.token))).json).toEqual({
      twoStepPolicy: 'everyone',
      passkeySignIn: false,
    });
    const events = await policyEvents();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      actor_user_id: suite.owner.id,
      before: { twoStepPolicy: 'off' },
      after: { twoStepPolicy: 'everyone' },
    });
    // The same value again changes nothing and records nothing.
    await suite.api.call('PATCH', SETTINGS, { ...as(suite.ownerToken), body: { twoStepPolicy: 'everyone' } });
    expect(await policyEvents()).toHaveLength(before + 1);
  });

  it('when owners and admins must use it, then an ADMIN without a factor can only set one up, and after it their session is a normal one with recovery codes shown once', async () => {
    await setPolicy('admins');
    const admin = await signedIn('ADMIN');
    const member = await signedIn('MEMBER');

    const me = await suite.api.call('GET', '/v2/client/auth/me', as(admin.token));
    expect(me.json).toMatchObject({ mfa: false, twoStepRequired: true });
    for (const [method, path] of [
      ['GET', '/v2/client/multi-user'],
      ['GET', `/v2/client/multi-user/${member.user.id}`],
      ['GET', '/v2/client/roles'],
      ['POST', '/v2/client/auth/two-step/recovery-codes'],
      ['GET', `/v2/client/multi-user/${member.user.id}/sessions`],
    ] as const) {
      const refused = expectProblem(
        await suite.api.call(method, path, as(admin.token)),
        403,
        'two_step_setup_required',
      );
      expect(refused.detail, `${method} ${path}`).toMatch(/set up two-step sign-in first/i);
    }
    // A MEMBER is not asked under `admins`.
    expect((await suite.api.call('GET', '/v2/client/auth/me', as(member.token))).json).toMatchObject({
      twoStepRequired: false,
    });
    const own = await suite.api.call('GET', `/v2/client/multi-user/${member.user.id}`, as(member.token));
    expect(own.status, JSON.stringify(own.json)).toBe(200);

    // Setting up is open: the status, a setup, the confirmation with its recovery codes.
    expect((await suite.api.call('GET', TWO_STEP, as(admin.token))).json).toEqual({
      factors: [],
      recoveryCodesLeft: 0,
    });
    const confirmed = await enrol(admin.token);
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(201);
    expect((confirmed.json as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);

    // The same session now does what an ADMIN does.
    expect((await suite.api.call('GET', '/v2/client/multi-user', as(admin.token))).status).toBe(200);
    expect((await suite.api.call('GET', '/v2/client/auth/me', as(admin.token))).json).toMatchObject({
      mfa: true,
      twoStepRequired: true,
    });
  });

  it('when everyone must use it, then a MEMBER without a factor is held too, even in a session opened before, and signing out still works', async () => {
    const member = await signedIn('MEMBER');
    const self = `/v2/client/multi-user/${member.user.id}`;
    expect((await suite.api.call('GET', self, as(member.token))).status).toBe(200);
    await setPolicy('everyone');
    expectProblem(await suite.api.call('GET', self, as(member.token)), 403, 'two_step_setup_required');
    expect((await suite.api.call('POST', '/v2/client/auth/sign-out', as(member.token))).status).toBe(204);
    expectProblem(await suite.api.call('GET', '/v2/client/auth/me', as(member.token)), 401, 'unauthenticated');
  });

  it('when the policy asks for a factor, then removing one’s own last factor is refused and it stays; with the policy off it can go', async () => {
    const admin = await signedIn('ADMIN');
    const confirmed = await enrol(admin.token);
    const { factor } = confirmed.json as { factor: { id: string } };
    await setPolicy('admins');

    const refused = expectProblem(
      await suite.api.call('DELETE', `${TWO_STEP}/${factor.id}`, as(admin.token)),
      409,
      'two_step_required',
    );
    expect(refused.detail).toMatch(/add another factor/i);
    const status = (await suite.api.call('GET', TWO_STEP, as(admin.token))).json as {
      factors: unknown[];
      recoveryCodesLeft: number;
    };
    expect(status.factors).toHaveLength(1);
    expect(status.recoveryCodesLeft).toBe(10);
    const removedEvents = await suite.iam.db.query(
      `select 1 from audit_events where action = 'user.two_step_removed' and target_id = $1`,
      [admin.user.id],
    );
    expect(removedEvents).toHaveLength(0);

    await setPolicy('off');
    expect((await suite.api.call('DELETE', `${TWO_STEP}/${factor.id}`, as(admin.token))).status).toBe(204);
  });

  it('when an OWNER resets a required user’s factors, then that user’s next sign-in is held until they set one up again', async () => {
    const admin = await signedIn('ADMIN');
    expect((await enrol(admin.token)).status).toBe(201);
    await setPolicy('admins');
    // The reset goes server to server: the seeded OWNER has no factor and would be held too.
    expect((await suite.api.call('DELETE', `/v2/client/multi-user/${admin.user.id}/two-step`)).status).toBe(204);
    expectProblem(await suite.api.call('GET', '/v2/client/auth/me', as(admin.token)), 401, 'unauthenticated');

    // No factor: the password alone opens a session, and that session is held.
    const token = await suite.api.signIn(admin.user.email, PASSWORD);
    expectProblem(await suite.api.call('GET', '/v2/client/multi-user', as(token)), 403, 'two_step_setup_required');
    expect((await enrol(token)).status).toBe(201);
    expect((await suite.api.call('GET', '/v2/client/multi-user', as(token))).status).toBe(200);
  });
});

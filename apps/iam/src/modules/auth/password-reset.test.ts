import {
  PASSWORD_IS_EMAIL_MESSAGE,
  PASSWORD_RESET_TTL_MINUTES,
  PASSWORD_RESETS_PER_HOUR_MAX,
  passwordResetPreviewSchema,
  type User,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../security/tokens.ts';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';
import { PASSWORD_RESET_REQUEST_FLOOR_MS } from './password-reset.ts';

const PASSWORD = 'the old password';
const NEW_PASSWORD = 'a brand new password';
const RESET = '/v2/client/auth/password-reset';
const LINK = /^http:\/\/localhost:3000\/reset-password#token=([A-Za-z0-9_-]{43})$/m;

interface MailRow {
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: string;
}

describe.each(testDatabases)('password reset on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));

  beforeAll(async () => {
    await addTenant(iam.db);
  });

  let seq = 0;
  const newUser = (body: Record<string, unknown> = {}) =>
    api.createUser({ email: `person.${++seq}@example.com`, password: PASSWORD, ...body });

  const mailsTo = (email: string) =>
    iam.db.query<MailRow>(
      // The reset mails only (a user created with a password is also mailed a verification link).
      `select kind, to_address, subject, text_body, html_body, status from mail_outbox
        where kind = 'password_reset' and lower(to_address) = lower($1) order by created_at`,
      [email],
    );
  const tokensOf = async (userId: string) =>
    (
      await iam.db.query<{ n: number }>('select count(*)::int as n from password_reset_tokens where user_id = $1', [
        userId,
      ])
    )[0]?.n;
  const userRow = async (userId: string) =>
    (
      await iam.db.query<{ password_hash: string; version: number }>(
        'select password_hash, version from users where id = $1',
        [userId],
      )
    )[0];
  const auditActions = async (userId: string) =>
    (
      await iam.db.query<{ action: string }>(
        `select action from audit_events where target_type = 'user' and target_id = $1 order by created_at`,
        [userId],
      )
    ).map((r) => r.action);

  async function requestReset(email: string, credentials?: { apiKey: string; apiSecret: string }) {
    const started = performance.now();
    const res = await api.call('POST', RESET, { body: { email }, ...(credentials ? { credentials } : {}) });
    return { ...res, ms: performance.now() - started };
  }

  /** Asks for a reset and answers the token in the newest mail to that address. */
  async function resetToken(email: string, credentials?: { apiKey: string; apiSecret: string }): Promise<string> {
    expect((await requestReset(email, credentials)).status).toBe(202);
    const mail = (await mailsTo(email)).at(-1);
    const token = LINK.exec(mail?.text_body ?? '')?.[1];
    expect(token, mail?.text_body).toBeDefined();
    return token as string;
  }

  const lookup = (token: unknown, credentials?: { apiKey: string; apiSecret: string }) =>
    api.call('POST', `${RESET}/lookup`, { body: { token }, ...(credentials ? { credentials } : {}) });
  const complete = (body: Record<string, unknown>, credentials?: { apiKey: string; apiSecret: string }) =>
    api.call('POST', `${RESET}/complete`, { body, ...(credentials ? { credentials } : {}) });
  const signInStatus = async (email: string, password: string) =>
    (await api.call('POST', '/v2/client/auth/sign-in', { body: { email, password } })).status;

  it('when a known, an unknown and an inactive email ask for a reset, then each gets the same empty 202, no sooner than the floor', async () => {
    const known = await newUser();
    const inactive = await newUser();
    await api.call('PATCH', `/v2/client/multi-user/${inactive.id}`, { body: { status: 'inactive' } });

    const answers = [];
    for (const email of [known.email, 'nobody.at.all@example.com', inactive.email]) {
      const res = await requestReset(email);
      answers.push({
        status: res.status,
        body: res.json,
        contentType: res.headers.get('content-type'),
        cacheControl: res.headers.get('cache-control'),
        headers: [...res.headers.keys()].filter((h) => !['date', 'x-request-id'].includes(h)).sort(),
      });
      // The unknown and inactive branches do almost nothing: without the floor they answer at once.
      expect(res.ms).toBeGreaterThanOrEqual(PASSWORD_RESET_REQUEST_FLOOR_MS - 5);
    }

    expect(answers[0]).toMatchObject({ status: 202, body: undefined, contentType: null, cacheControl: 'no-store' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await mailsTo(known.email)).toHaveLength(1);
    expect(await mailsTo('nobody.at.all@example.com')).toHaveLength(0);
    expect(await mailsTo(inactive.email)).toHaveLength(0);
    expect(await tokensOf(inactive.id)).toBe(0);
  });

  it('when a known email asks (in any letter case), then exactly one mail is queued whose link opens the reset for that account', async () => {
    const user = await newUser({ firstName: 'Grace' });

    expect((await requestReset(user.email.toUpperCase())).status).toBe(202);

    const mails = await mailsTo(user.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as MailRow;
    expect(mail).toMatchObject({ kind: 'password_reset', to_address: user.email, status: 'pending' });
    expect(mail.subject).toContain('Team Access');
    const token = LINK.exec(mail.text_body)?.[1] as string;
    expect(token).toBeDefined();
    expect(mail.html_body).toContain(`http://localhost:3000/reset-password#token=${token}`);
    // Only the digest is stored.
    const stored = await iam.db.query<{ token_hash: Uint8Array }>(
      'select token_hash from password_reset_tokens where user_id = $1',
      [user.id],
    );
    expect(stored.map((r) => Buffer.from(r.token_hash).equals(sha256(token)))).toEqual([true]);
    expect(await auditActions(user.id)).toContain('auth.password_reset_requested');

    const res = await lookup(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const preview = passwordResetPreviewSchema.parse(res.json);
    expect(preview.email).toBe(user.email);
    const minutesLeft = (Date.parse(preview.expiresAt) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(PASSWORD_RESET_TTL_MINUTES - 2);
    expect(minutesLeft).toBeLessThanOrEqual(PASSWORD_RESET_TTL_MINUTES + 1);
  });

  it('when an account asks more often than the hourly limit, then every answer is the same 202 but no more mails are queued', async () => {
    const user = await newUser();
    const answers = [];
    for (let i = 0; i < PASSWORD_RESETS_PER_HOUR_MAX + 2; i++) {
      const res = await requestReset(user.email);
      answers.push({ status: res.status, body: res.json });
    }

    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ status: 202 })]));
    expect(await mailsTo(user.email)).toHaveLength(PASSWORD_RESETS_PER_HOUR_MAX);
    expect(await tokensOf(user.id)).toBe(PASSWORD_RESETS_PER_HOUR_MAX);

    // An hour later the account may ask again.
    await iam.db.query(
      `update password_reset_tokens set created_at = created_at - interval '61 minutes' where user_id = $1`,
      [user.id],
    );
    await requestReset(user.email);
    expect(await mailsTo(user.email)).toHaveLength(PASSWORD_RESETS_PER_HOUR_MAX + 1);
  });

  it('when many requests for one account arrive at once, then no more than the limit are queued', async () => {
    const user = await newUser();
    await Promise.all(Array.from({ length: PASSWORD_RESETS_PER_HOUR_MAX * 3 }, () => requestReset(user.email)));
    expect(await mailsTo(user.email)).toHaveLength(PASSWORD_RESETS_PER_HOUR_MAX);
  });

  it('when the reset is completed, then the new password works, the old one does not, and every session and every link of the user ends', async () => {
    const user = await newUser();
    const sessions = [await api.signIn(user.email, PASSWORD), await api.signIn(user.email, PASSWORD)];
    const older = await resetToken(user.email);
    const token = await resetToken(user.email);
    const before = await userRow(user.id);

    const res = await complete({ token, password: NEW_PASSWORD });

    expect(res.status, JSON.stringify(res.json)).toBe(204);
    for (const session of sessions) {
      expectProblem(await api.call('GET', '/v2/client/auth/me', { token: session }), 401, 'unauthenticated');
    }
    expect(await signInStatus(user.email, PASSWORD)).toBe(401);
    expect(await signInStatus(user.email, NEW_PASSWORD)).toBe(200);
    expect((await userRow(user.id))?.version).toBe((before?.version ?? 0) + 1);
    expect(await auditActions(user.id)).toContain('user.password_reset');
    // The link is used up, and so is the older one still open.
    expectProblem(await lookup(token), 410, 'link_used');
    expectProblem(await lookup(older), 410, 'link_used');
    expectProblem(await complete({ token: older, password: 'yet another password' }), 410, 'link_used');
    expect(await signInStatus(user.email, NEW_PASSWORD)).toBe(200);
  });

  it('when a used link is sent again, then 410 link_used and the password stays', async () => {
    const user = await newUser();
    const token = await resetToken(user.email);
    expect((await complete({ token, password: NEW_PASSWORD })).status).toBe(204);
    const after = await userRow(user.id);

    expectProblem(await complete({ token, password: 'the attacker password' }), 410, 'link_used');

    expect(await userRow(user.id)).toEqual(after);
    expect(await signInStatus(user.email, NEW_PASSWORD)).toBe(200);
  });

  it('when the link has expired, then lookup and complete answer 410 link_expired and change nothing', async () => {
    const user = await newUser();
    const token = await resetToken(user.email);
    const session = await api.signIn(user.email, PASSWORD);
    await iam.db.query(`update password_reset_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [
      user.id,
    ]);
    const before = await userRow(user.id);

    expectProblem(await lookup(token), 410, 'link_expired');
    expectProblem(await complete({ token, password: NEW_PASSWORD }), 410, 'link_expired');

    expect(await userRow(user.id)).toEqual(before);
    expect((await api.call('GET', '/v2/client/auth/me', { token: session })).status).toBe(200);
    expect(await signInStatus(user.email, PASSWORD)).toBe(200);
  });

  describe('a link outlives no change to what it was for', () => {
    const expectRevoked = async (token: string) => {
      expectProblem(await lookup(token), 410, 'link_revoked');
      expectProblem(await complete({ token, password: NEW_PASSWORD }), 410, 'link_revoked');
    };

    it("when an administrator sets the user's password, then every open reset link of that user answers 410 link_revoked", async () => {
      const person = await newUser();
      const first = await resetToken(person.email);
      const second = await resetToken(person.email);
      const res = await api.call('PUT', `/v2/client/multi-user/${person.id}/password`, {
        body: { password: 'set by an administrator' },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      await expectRevoked(first);
      await expectRevoked(second);
      expect(await signInStatus(person.email, 'set by an administrator')).toBe(200);
    });

    it("when an administrator changes the user's password through an update, then the open reset link answers 410 link_revoked", async () => {
      const person = await newUser();
      const token = await resetToken(person.email);
      const res = await api.call('PATCH', `/v2/client/multi-user/${person.id}`, {
        body: { password: 'set by an administrator' },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      await expectRevoked(token);
    });

    it('when the user changes their own password, then their open reset link answers 410 link_revoked', async () => {
      const person = await newUser();
      const token = await resetToken(person.email);
      const session = await api.signIn(person.email, PASSWORD);
      const res = await api.call('POST', '/v2/client/auth/password', {
        token: session,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(204);
      await expectRevoked(token);
      expect(await signInStatus(person.email, NEW_PASSWORD)).toBe(200);
    });

    it("when the user's email change takes effect, then the link mailed to the old address answers 410 link_revoked and the password stays", async () => {
      const person = await newUser();
      const token = await resetToken(person.email);
      const moved = `moved.${++seq}@example.com`;
      const res = await api.call('PATCH', `/v2/client/multi-user/${person.id}`, { body: { email: moved } });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      // Requested only: the old mailbox is still the account's, and its reset link still works.
      expect((await lookup(token)).status).toBe(200);
      const [mail] = await iam.db.query<{ text_body: string }>(
        `select text_body from mail_outbox where kind = 'email_verification' and to_address = $1`,
        [moved],
      );
      const verification = mail?.text_body ?? '';
      const verifyToken = /\/verify-email#token=([A-Za-z0-9_-]{43})/.exec(verification)?.[1];
      expect(verifyToken, verification).toBeDefined();
      const followed = await api.call('POST', '/v2/client/auth/email-verification', { body: { token: verifyToken } });
      expect(followed.status, JSON.stringify(followed.json)).toBe(200);
      const before = await userRow(person.id);
      await expectRevoked(token);
      expect((await userRow(person.id))?.password_hash).toBe(before?.password_hash);
    });

    it('when the account is deactivated and activated again, then the link from before stays dead', async () => {
      const person = await newUser();
      const token = await resetToken(person.email);
      await api.call('PATCH', `/v2/client/multi-user/${person.id}`, { body: { status: 'inactive' } });
      await api.call('PATCH', `/v2/client/multi-user/${person.id}`, { body: { status: 'active' } });
      await expectRevoked(token);
    });

    it('when only a name changes, then the open reset link still works', async () => {
      const person = await newUser();
      const token = await resetToken(person.email);
      await api.call('PATCH', `/v2/client/multi-user/${person.id}`, { body: { firstName: 'Renamed' } });
      expect((await lookup(token)).status).toBe(200);
    });
  });

  it('when the token is unknown, another tenant’s, or its account was deactivated, then 404 link_invalid and nothing changes', async () => {
    const stranger = (
      await api.call('POST', '/v2/client/multi-user', {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { email: `stranger.${++seq}@other.example`, password: PASSWORD },
      })
    ).json as User;
    const foreign = await resetToken(stranger.email, OTHER_TENANT_CREDENTIALS);
    const leaver = await newUser();
    const dead = await resetToken(leaver.email);
    await api.call('PATCH', `/v2/client/multi-user/${leaver.id}`, { body: { status: 'inactive' } });
    const strangerBefore = await userRow(stranger.id);
    const leaverBefore = await userRow(leaver.id);

    for (const token of ['A'.repeat(43), foreign, dead]) {
      const problem = expectProblem(await lookup(token), 404, 'link_invalid');
      expect(JSON.stringify(problem)).not.toContain('@');
      expectProblem(await complete({ token, password: NEW_PASSWORD }), 404, 'link_invalid');
    }

    expect(await userRow(stranger.id)).toEqual(strangerBefore);
    expect(await userRow(leaver.id)).toEqual(leaverBefore);
    // In its own tenant, the foreign link still works: the refusal changed nothing.
    expect((await lookup(foreign, OTHER_TENANT_CREDENTIALS)).status).toBe(200);
  });

  it('when a body is not valid, then 400 names the field and nothing changes', async () => {
    const user = await newUser();
    const token = await resetToken(user.email);
    const before = await userRow(user.id);
    const mailsBefore = (await mailsTo(user.email)).length;

    const cases: [string, Record<string, unknown>, string][] = [
      [RESET, {}, 'body.email'],
      [RESET, { email: 'not an email' }, 'body.email'],
      [RESET, { email: user.email, admin: true }, 'body.admin'],
      [`${RESET}/lookup`, {}, 'body.token'],
      [`${RESET}/lookup`, { token: 'short' }, 'body.token'],
      [`${RESET}/lookup`, { token: `${'a'.repeat(40)}/../x` }, 'body.token'],
      [`${RESET}/complete`, { token, password: 'short' }, 'body.password'],
      [`${RESET}/complete`, { token }, 'body.password'],
      [`${RESET}/complete`, { password: NEW_PASSWORD }, 'body.token'],
      [`${RESET}/complete`, { token, password: NEW_PASSWORD, userId: user.id }, 'body.userId'],
    ];
    for (const [path, body, field] of cases) {
      const problem = expectProblem(await api.call('POST', path, { body }), 400, 'validation_failed');
      expect(
        problem.errors?.map((e) => e.path),
        `${path} ${JSON.stringify(body)}`,
      ).toContain(field);
    }
    const sameAsEmail = expectProblem(
      await complete({ token, password: `  ${user.email.toUpperCase()} ` }),
      400,
      'validation_failed',
    );
    expect(sameAsEmail.errors).toEqual([{ path: 'body.password', message: PASSWORD_IS_EMAIL_MESSAGE, code: 'custom' }]);

    expect(await userRow(user.id)).toEqual(before);
    expect(await mailsTo(user.email)).toHaveLength(mailsBefore);
    // The link still works after the refusals.
    expect((await lookup(token)).status).toBe(200);
    expect((await complete({ token, password: NEW_PASSWORD })).status).toBe(204);
  });
});

import {
  EMAIL_VERIFICATIONS_PER_HOUR_MAX,
  REQUIRE_OWN_PASSWORD_CHANGE_REFUSAL,
  routes,
  type User,
} from '@team-access/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { invitationLinkToken } from '../../testing/mail-links.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../testing/smtp.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { createMailDispatcher } from '../mail/dispatcher.ts';

/**
 * Issue 25: a new password required at next sign-in (the seeds' `reset_pw`) and email
 * verification (Locai), through the real HTTP API on PGlite and PostgreSQL.
 */

const PASSWORD = 'a member password';
const NEW_PASSWORD = 'a freshly chosen password';
const USERS = '/v2/client/multi-user';
const VERIFY = '/v2/client/auth/email-verification';
const LINK = /\/verify-email#token=([A-Za-z0-9_-]{43})/;

describe.each(testDatabases)('account checks on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  const api = () => suite.api;
  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@checks.example`;

  const userRow = async (id: string) =>
    (
      await suite.iam.db.query<{ email: string; must_change_password: boolean; version: number }>(
        'select email, must_change_password, version from users where id = $1',
        [id],
      )
    )[0];
  const actions = async (id: string) =>
    (
      await suite.iam.db.query<{ action: string; actor_user_id: string | null }>(
        `select action, actor_user_id from audit_events where target_type = 'user' and target_id = $1 order by created_at, action`,
        [id],
      )
    ).map((r) => r.action);
  /** The token of the newest verification link in the outbox for this address (before delivery). */
  const verificationToken = async (address: string) => {
    const [mail] = await suite.iam.db.query<{ text_body: string }>(
      `select text_body from mail_outbox where kind = 'email_verification' and lower(to_address) = lower($1)
        order by created_at desc, id desc limit 1`,
      [address],
    );
    const token = LINK.exec(mail?.text_body ?? '')?.[1];
    expect(token, mail?.text_body).toBeDefined();
    return token as string;
  };
  const verify = (token: unknown, credentials?: { apiKey: string; apiSecret: string }) =>
    api().call('POST', VERIFY, { body: { token }, ...(credentials ? { credentials } : {}) });
  const get = async (id: string): Promise<User> => (await api().call('GET', `${USERS}/${id}`)).json;
  const patch = (id: string, body: unknown, options: { token?: string; version?: number } = {}) =>
    api().call('PATCH', `${USERS}/${id}`, {
      body,
      token: options.token,
      ...(options.version === undefined ? {} : { headers: { 'if-match': `"${options.version}"` } }),
    });

  beforeAll(async () => {
    await addTenant(suite.iam.db);
  });

  describe('a new password at next sign-in', () => {
    it('when an OWNER requires it with the current If-Match, then the user shows it, it is audited, and a stale If-Match changes nothing', async () => {
      const member = await api().createUser({ email: email('member'), password: PASSWORD });
      expect(member.resetPw).toBe(false);

      const stale = await patch(member.id, { resetPw: true }, { token: suite.ownerToken, version: 99 });
      expectProblem(stale, 412, 'precondition_failed');
      expect((await userRow(member.id))?.must_change_password).toBe(false);

      const res = await patch(member.id, { resetPw: true }, { token: suite.ownerToken, version: member.version });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect((res.json as User).resetPw).toBe(true);
      expect(await get(member.id)).toMatchObject({ resetPw: true, version: member.version + 1 });
      expect(await actions(member.id)).toContain('user.password_change_required');
    });

    it('when the flag is not a boolean, then 400 naming body.resetPw and nothing changed', async () => {
      const member = await api().createUser({ email: email('badflag') });
      const before = await userRow(member.id);
      for (const value of ['yes', 1, null]) {
        const problem = expectProblem(
          await patch(member.id, { resetPw: value }, { token: suite.ownerToken }),
          400,
          'validation_failed',
        );
        expect(problem.errors?.map((e) => e.path)).toEqual(['body.resetPw']);
      }
      expect(await userRow(member.id)).toEqual(before);
    });

    it('when a MEMBER, an ADMIN on an OWNER, or anyone on themselves asks, then 403 and nothing changed; an ADMIN on a MEMBER may', async () => {
      const admin = await api().createSignedIn({ email: email('admin'), password: PASSWORD, role: 'ADMIN' });
      const member = await api().createSignedIn({ email: email('member'), password: PASSWORD });
      const owner = await api().createUser({ email: email('owner'), role: 'OWNER' });
      const target = await api().createUser({ email: email('target') });

      expectProblem(await patch(target.id, { resetPw: true }, { token: member.token }), 403, 'forbidden');
      expectProblem(await patch(owner.id, { resetPw: true }, { token: admin.token }), 403, 'forbidden');
      const self = expectProblem(
        await patch(admin.user.id, { resetPw: true }, { token: admin.token }),
        403,
        'forbidden',
      );
      expect(self.detail).toBe(REQUIRE_OWN_PASSWORD_CHANGE_REFUSAL);
      for (const id of [target.id, owner.id, admin.user.id]) {
        expect((await userRow(id))?.must_change_password).toBe(false);
      }

      const allowed = await patch(target.id, { resetPw: true }, { token: admin.token });
      expect(allowed.status, JSON.stringify(allowed.json)).toBe(200);
    });

    it('when the member signs in, then every other call is refused with password_change_required until they choose a new password, which clears the flag', async () => {
      const member = await api().createUser({ email: email('forced'), password: PASSWORD });
      await api().arrange('PATCH', `${USERS}/${member.id}`, { resetPw: true });
      const token = await api().signIn(member.email, PASSWORD);

      // Only reading themselves, signing out and changing the password stay open.
      const me = await api().call('GET', '/v2/client/auth/me', { token });
      expect(me.status).toBe(200);
      expect((me.json as User).resetPw).toBe(true);
      for (const [method, path] of [
        ['GET', `${USERS}/${member.id}`],
        ['GET', '/v2/client/permissions'],
        ['GET', '/v2/client/roles'],
      ] as const) {
        const problem = expectProblem(await api().call(method, path, { token }), 403, 'password_change_required');
        expect(problem.type).toBe('urn:team-access:problem:password_change_required');
      }

      // The current password again is not a new one.
      const same = await api().route(routes.changeOwnPassword, {
        token,
        body: { currentPassword: PASSWORD, newPassword: PASSWORD },
      });
      expect(expectProblem(same, 400, 'validation_failed').errors).toEqual([
        expect.objectContaining({ path: 'body.newPassword', code: 'same_password' }),
      ]);
      expect((await userRow(member.id))?.must_change_password).toBe(true);

      const changed = await api().route(routes.changeOwnPassword, {
        token,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(changed.status, JSON.stringify(changed.json)).toBe(204);
      expect((await userRow(member.id))?.must_change_password).toBe(false);
      expect((await api().call('GET', `${USERS}/${member.id}`, { token })).status).toBe(200);
      expect(await actions(member.id)).toEqual(expect.arrayContaining(['user.password_changed']));
    });

    it('when a server-to-server create asks for it, then the first sign-in must change the password; the Conscent body alone still works unchanged', async () => {
      const conscent = await api().call('POST', USERS, {
        body: { email: email('conscent'), password: PASSWORD, permissions: { Checkout: true }, role: 'MEMBER' },
      });
      expect(conscent.status, JSON.stringify(conscent.json)).toBe(201);
      expect(conscent.json).toMatchObject({ resetPw: false, emailVerified: false, pendingEmail: null });

      const flagged = await api().createUser({ email: email('flagged'), password: PASSWORD, resetPw: true });
      expect(flagged.resetPw).toBe(true);
      const token = await api().signIn(flagged.email, PASSWORD);
      expectProblem(await api().call('GET', `${USERS}/${flagged.id}`, { token }), 403, 'password_change_required');
    });

    it('when the users list is filtered by resetPw, then only those users come back; a bad value is a 400 naming it', async () => {
      const flagged = await api().createUser({ email: email('listed'), resetPw: true });
      const res = await api().call('GET', `${USERS}?resetPw=true&limit=200`, { token: suite.ownerToken });
      expect(res.status).toBe(200);
      const items = (res.json as { items: User[] }).items;
      expect(items.map((u) => u.id)).toContain(flagged.id);
      expect(items.every((u) => u.resetPw)).toBe(true);
      const off = (await api().call('GET', `${USERS}?resetPw=false&limit=200`)).json as { items: User[] };
      expect(off.items.some((u) => u.id === flagged.id)).toBe(false);

      const bad = expectProblem(await api().call('GET', `${USERS}?resetPw=maybe`), 400, 'validation_failed');
      expect(bad.errors?.map((e) => e.path)).toEqual(['query.resetPw']);
    });
  });

  describe('email verification', () => {
    it('when a user is created with a password, then their email is unverified until the mailed link is followed, once', async () => {
      const user = await api().createUser({ email: email('Created') });
      expect(user).toMatchObject({ emailVerified: false, pendingEmail: null });
      const token = await verificationToken(user.email);

      const res = await verify(token);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json).toEqual({ email: user.email, outcome: 'verified' });
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await get(user.id)).toMatchObject({ emailVerified: true, version: user.version + 1 });
      expect(await actions(user.id)).toContain('user.email_verified');

      expectProblem(await verify(token), 410, 'link_used');
    });

    it('when a link is expired, unknown, malformed or of another tenant, then the matching problem and nothing changed', async () => {
      const user = await api().createUser({ email: email('expiry') });
      const token = await verificationToken(user.email);
      await suite.iam.db.query(
        `update email_verification_tokens set expires_at = now() - interval '1 second' where user_id = $1`,
        [user.id],
      );
      expectProblem(await verify(token), 410, 'link_expired');
      expectProblem(await verify('A'.repeat(43)), 404, 'link_invalid');
      const malformed = expectProblem(await verify(5), 400, 'validation_failed');
      expect(malformed.errors?.map((e) => e.path)).toEqual(['body.token']);

      const fresh = await api().createUser({ email: email('tenant') });
      const freshToken = await verificationToken(fresh.email);
      expectProblem(await verify(freshToken, OTHER_TENANT_CREDENTIALS), 404, 'link_invalid');
      expect((await get(user.id)).emailVerified).toBe(false);
      expect((await get(fresh.id)).emailVerified).toBe(false);
    });

    it('when an admin resends, then the earlier link stops working and the new one verifies; a verified address is a 409', async () => {
      const admin = await api().createSignedIn({ email: email('resender'), password: PASSWORD, role: 'ADMIN' });
      const user = await api().createUser({ email: email('resend') });
      const first = await verificationToken(user.email);
      const res = await api().route(routes.resendEmailVerification, {
        params: { userId: user.id },
        token: admin.token,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
      const second = await verificationToken(user.email);
      expect(second).not.toBe(first);
      expectProblem(await verify(first), 410, 'link_revoked');
      expect((await verify(second)).status).toBe(200);
      expect(await actions(user.id)).toContain('user.email_verification_sent');

      expectProblem(
        await api().route(routes.resendEmailVerification, { params: { userId: user.id }, token: admin.token }),
        409,
        'already_verified',
      );
    });

    it('when a MEMBER resends, an ADMIN resends to an OWNER, or the user is unknown, then refused and no mail', async () => {
      const admin = await api().createSignedIn({ email: email('admin'), password: PASSWORD, role: 'ADMIN' });
      const member = await api().createSignedIn({ email: email('member'), password: PASSWORD });
      const owner = await api().createUser({ email: email('owner'), role: 'OWNER' });
      const mails = async () =>
        (await suite.iam.db.query<{ n: number }>('select count(*)::int as n from mail_outbox'))[0]?.n;
      const before = await mails();
      const resend = (userId: string, token: string) =>
        api().route(routes.resendEmailVerification, { params: { userId }, token });
      expectProblem(await resend(owner.id, member.token), 403, 'forbidden');
      expectProblem(await resend(owner.id, admin.token), 403, 'forbidden');
      expectProblem(await resend('00000000-0000-4000-8000-000000000000', suite.ownerToken), 404, 'not_found');
      const bad = expectProblem(await resend('not-a-uuid', suite.ownerToken), 400, 'validation_failed');
      expect(bad.errors?.map((e) => e.path)).toEqual(['params.userId']);
      expect(await mails()).toBe(before);
    });

    it(`when more than ${EMAIL_VERIFICATIONS_PER_HOUR_MAX} links are asked for in an hour, then 429 and no mail`, async () => {
      const user = await api().createUser({ email: email('limit') });
      // The create sent the first one.
      for (let i = 1; i < EMAIL_VERIFICATIONS_PER_HOUR_MAX; i++) {
        expect((await api().route(routes.resendEmailVerification, { params: { userId: user.id } })).status).toBe(202);
      }
      const last = await verificationToken(user.email);
      expectProblem(
        await api().route(routes.resendEmailVerification, { params: { userId: user.id } }),
        429,
        'rate_limited',
      );
      expect(await verificationToken(user.email)).toBe(last);
    });

    it('when an invitation is accepted, then the new account is verified; an unverified account joining through one becomes verified', async () => {
      const invitee = email('invitee');
      await api().arrange('POST', '/v2/client/invitations', { email: invitee });
      const accepted = await api().call('POST', '/v2/client/invitations/accept', {
        body: { token: await invitationLinkToken(suite.iam.db, invitee), password: PASSWORD },
      });
      expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
      const created = (await api().call('GET', `${USERS}?search=${encodeURIComponent(invitee)}`)).json as {
        items: User[];
      };
      expect(created.items[0]).toMatchObject({ email: invitee, emailVerified: true });

      const existing = await api().createUser({ email: email('joiner') });
      const org = await api().arrange('POST', '/v2/client/organizations', { name: `Org ${seq}` });
      await api().arrange('POST', '/v2/client/invitations', {
        email: existing.email,
        organizationId: (org as { id: string }).id,
      });
      const joined = await api().call('POST', '/v2/client/invitations/accept', {
        body: { token: await invitationLinkToken(suite.iam.db, existing.email) },
      });
      expect(joined.status, JSON.stringify(joined.json)).toBe(200);
      expect((await get(existing.id)).emailVerified).toBe(true);
    });

    it('when the users list is filtered by emailVerified=false, then only unverified addresses come back', async () => {
      const unverified = await api().createUser({ email: email('unverified') });
      const res = await api().call('GET', `${USERS}?emailVerified=false&limit=200`, { token: suite.ownerToken });
      const items = (res.json as { items: User[] }).items;
      expect(items.map((u) => u.id)).toContain(unverified.id);
      expect(items.every((u) => !u.emailVerified)).toBe(true);
      // The bootstrapped owner's address was chosen by the operator: verified.
      expect(items.some((u) => u.id === suite.owner.id)).toBe(false);
      expect(suite.owner.emailVerified).toBe(true);
    });

    it('when a new address is taken, then 409 and nothing changed; a newer address replaces a pending one, whose link stops working', async () => {
      const taken = await api().createUser({ email: email('taken') });
      const user = await api().createUser({ email: email('mover') });
      const before = await userRow(user.id);
      const dup = await patch(user.id, { email: taken.email.toUpperCase() });
      expect(expectProblem(dup, 409, 'conflict').errors?.[0]?.path).toBe('body.email');
      expect(await userRow(user.id)).toEqual(before);

      const target = email('target');
      const pending = await patch(user.id, { email: target });
      expect(pending.json).toMatchObject({ email: user.email, pendingEmail: target });
      const token = await verificationToken(target);
      // The current address again (a form saving a name) leaves the pending change as it is.
      const unchanged = await patch(user.id, { email: user.email, firstName: 'Mo' });
      expect(unchanged.json).toMatchObject({ email: user.email, pendingEmail: target });
      const newer = email('newer');
      expect((await patch(user.id, { email: newer })).json).toMatchObject({ email: user.email, pendingEmail: newer });
      expectProblem(await verify(token), 410, 'link_revoked');
      expect((await verify(await verificationToken(newer))).json).toEqual({ email: newer, outcome: 'changed' });
    });

    it('when someone takes the pending address before the link is followed, then the link answers 409 and nothing changes', async () => {
      const user = await api().createUser({ email: email('racer') });
      const target = email('contested');
      await patch(user.id, { email: target });
      const token = await verificationToken(target);
      await api().createUser({ email: target });
      expectProblem(await verify(token), 409, 'conflict');
      expect(await get(user.id)).toMatchObject({ email: user.email, pendingEmail: target });
    });
  });

  describe('an email change over SMTP', () => {
    let smtp: SmtpCatcher;
    beforeAll(async () => {
      smtp = await startSmtpCatcher();
    });
    afterAll(async () => {
      await smtp?.close();
    });

    it('when an admin changes the email, then the new address gets a link, the old one is told, and the change takes effect only when the link is followed', async () => {
      const dispatcher = createMailDispatcher({
        db: suite.iam.db,
        logger: createLogger('silent', 'test'),
        smtpUrl: smtp.url,
      });
      try {
        const user = await api().createUser({ email: email('old'), password: PASSWORD });
        const resetBefore = await api().call('POST', '/v2/client/auth/password-reset', { body: { email: user.email } });
        expect(resetBefore.status).toBe(202);
        const newAddress = email('new');

        const res = await patch(user.id, { email: newAddress }, { token: suite.ownerToken, version: user.version });
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        expect(res.json).toMatchObject({ email: user.email, pendingEmail: newAddress, emailVerified: false });
        await dispatcher.deliverDue();

        const toNew = await smtp.waitFor(newAddress);
        expect(toNew.subject).toBe('Confirm your email address for Team Access');
        const token = LINK.exec(toNew.text ?? '')?.[1];
        expect(token, toNew.text).toBeDefined();
        // Every mail to the old address (the earlier ones of other tests went out in the same run).
        const toOld = smtp.messages.filter((m) => [m.to].flat().some((a) => a?.text === user.email));
        expect(toOld.map((m) => m.subject).sort()).toEqual([
          'Confirm your email address for Team Access',
          'Reset your Team Access password',
          'Your Team Access sign-in email is about to change',
        ]);
        const notice = toOld.find((m) => m.subject === 'Your Team Access sign-in email is about to change');
        expect(notice?.text).toContain('to n•••@checks.example');
        expect(notice?.text).not.toContain('token=');

        // Until then the old address signs in and the new one does not.
        expect((await api().route(routes.signIn, { body: { email: user.email, password: PASSWORD } })).status).toBe(
          200,
        );
        expectProblem(
          await api().route(routes.signIn, { body: { email: newAddress, password: PASSWORD } }),
          401,
          'invalid_credentials',
        );

        const followed = await verify(token);
        expect(followed.json).toEqual({ email: newAddress, outcome: 'changed' });
        expect(await get(user.id)).toMatchObject({ email: newAddress, pendingEmail: null, emailVerified: true });
        expect(await actions(user.id)).toContain('user.email_changed');
        expect((await api().route(routes.signIn, { body: { email: newAddress, password: PASSWORD } })).status).toBe(
          200,
        );
        // A reset link mailed to the old address no longer works.
        const [reset] = await suite.iam.db.query<{ revoked: boolean }>(
          'select revoked_at is not null as revoked from password_reset_tokens where user_id = $1',
          [user.id],
        );
        expect(reset?.revoked).toBe(true);
        expectProblem(await verify(token), 410, 'link_used');
      } finally {
        await dispatcher.stop();
      }
    });
  });
});

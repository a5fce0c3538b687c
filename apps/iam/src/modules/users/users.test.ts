import { permissionKeys, type User, userListSchema, userSchema } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

// The Conscent IAM System API's create body, byte for byte (its sample password is 6 characters).
const SEED_BODY = `{
  "email": "user@example.com",
  "password": "Abc123",
  "permissions": {
    "ignite": true,
    "paywallBuilder": true,
    "popUpBuilder": true,
    "newsLetterBuilder": true,
    "meterBannerBuilder": true,
    "loginSetting": true,
    "manageSubscription": true,
    "audienceSegment": true,
    "journey": false,
    "payments": false,
    "taxation": true,
    "subscriptionPlan": true,
    "manualSubscriptions": true,
    "Checkout": true,
    "micropayments": true,
    "paymentGateway": true,
    "notifications": true,
    "billing": true,
    "documentation": true,
    "ga4": true,
    "export": true,
    "webhooks": true,
    "internalUser": true,
    "pdfManager": true
  },
  "role": "ADMIN"
}

`;

const PASSWORD = 'a long enough password';

describe.each(testDatabases)('users API on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  let owner: User;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken, owner } = suite));

  const count = async (sql: string, params: unknown[] = []) =>
    (await iam.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0]?.n ?? 0;
  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;

  /** The call, made by the actor with this token, is refused with 403 forbidden. */
  const expectForbidden = async (token: string, method: string, path: string, body?: unknown) =>
    expectProblem(await api.call(method, path, { token, body }), 403, 'forbidden');

  /** A user with a password, signed in: the token to act as them. */
  function actorWith(role: 'OWNER' | 'ADMIN' | 'MEMBER', permissions: Record<string, boolean> = {}) {
    return api.createSignedIn({ email: email(role.toLowerCase()), password: PASSWORD, role, permissions });
  }

  describe('Conscent compatibility', () => {
    it("when the seed's body is sent as is, then 400 says the 6-character password is too short and nothing is written", async () => {
      const before = await count('users');
      const res = await api.call('POST', '/v2/client/multi-user', { body: SEED_BODY });
      const problem = expectProblem(res, 400, 'validation_failed');
      expect(problem.errors).toEqual([
        expect.objectContaining({ path: 'body.password', message: 'Use at least 8 characters (this one has 6)' }),
      ]);
      expect(await count('users')).toBe(before);
    });

    it("when the seed's body comes with a policy-compliant password, then 201 with the user, its map and ETag", async () => {
      const body = SEED_BODY.replace('"Abc123"', '"Abc123-longer"');
      const res = await api.call('POST', '/v2/client/multi-user', { body });
      expect(res.status).toBe(201);
      const user = userSchema.parse(res.json);
      expect(user).toMatchObject({ email: 'user@example.com', role: 'ADMIN', status: 'active', version: 1 });
      expect(Object.keys(user.permissions).sort()).toEqual([...permissionKeys].sort());
      expect(user.permissions.journey).toBe(false);
      expect(user.effectivePermissions).toHaveLength(22);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/v2/client/multi-user/${user.id}`);
      expect(JSON.stringify(res.json)).not.toMatch(/argon2|hash|Abc123/);

      // PATCH takes the same body ("Similar to Create User").
      const patched = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, {
        body: body.replace('"journey": false', '"journey": true'),
      });
      expect(patched.status).toBe(200);
      expect(userSchema.parse(patched.json)).toMatchObject({ version: 2, permissions: { journey: true } });
      expect(patched.headers.get('etag')).toBe('"2"');
    });

    it('when the permission catalog is read, then it holds exactly the 24 seed keys, each in a category', async () => {
      const res = await api.call('GET', '/v2/client/permissions', { token: ownerToken });
      expect(res.status).toBe(200);
      const catalog = res.json as { categories: { key: string }[]; items: { key: string; category: string }[] };
      expect(catalog.items.map((p) => p.key).sort()).toEqual([...permissionKeys].sort());
      const categories = new Set(catalog.categories.map((c) => c.key));
      expect(catalog.items.every((p) => categories.has(p.category))).toBe(true);
      expect(categories).toEqual(
        new Set(['builders', 'audience', 'subscriptions', 'payments', 'analytics', 'settings']),
      );
    });
  });

  describe('read, update, delete', () => {
    it('when a user is read, then ETag is its version; other tenants see 404', async () => {
      const user = await api.createUser({ email: email('read'), firstName: 'Ada', lastName: 'Lovelace' });
      const res = await api.call('GET', `/v2/client/multi-user/${user.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.json).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });

      await addTenant(iam.db);
      const other = await api.call('GET', `/v2/client/multi-user/${user.id}`, {
        credentials: OTHER_TENANT_CREDENTIALS,
      });
      expectProblem(other, 404, 'not_found');
      const otherPatch = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { firstName: 'Mallory' },
      });
      expectProblem(otherPatch, 404, 'not_found');
      expectProblem(
        await api.call('DELETE', `/v2/client/multi-user/${user.id}`, { credentials: OTHER_TENANT_CREDENTIALS }),
        404,
        'not_found',
      );
      const list = userListSchema.parse(
        (
          await api.call('GET', `/v2/client/multi-user?search=${encodeURIComponent(user.email)}`, {
            credentials: OTHER_TENANT_CREDENTIALS,
          })
        ).json,
      );
      expect(list.total).toBe(0);
      expect((await api.call('GET', `/v2/client/multi-user/${user.id}`)).json).toMatchObject({ firstName: 'Ada' });
    });

    it('when PATCH is partial, then only the given fields change and permissions merge', async () => {
      const user = await api.createUser({
        email: email('partial'),
        phone: '+44 20 7946 0000',
        permissions: { ignite: true },
      });
      const res = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, {
        body: { lastName: 'Hopper', permissions: { journey: true } },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        lastName: 'Hopper',
        phone: '+44 20 7946 0000',
        permissions: { ignite: true, journey: true },
      });
      const cleared = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: { phone: null } });
      expect(cleared.json).toMatchObject({ phone: null, lastName: 'Hopper' });
    });

    it('when If-Match is stale, then 412 and nothing changes; two PATCHes on one version give one 200 and one 412', async () => {
      const user = await api.createUser({ email: email('etag') });
      const path = `/v2/client/multi-user/${user.id}`;
      const ok = await api.call('PATCH', path, { body: { firstName: 'One' }, headers: { 'if-match': '"1"' } });
      expect(ok.status).toBe(200);
      const stale = await api.call('PATCH', path, { body: { firstName: 'Two' }, headers: { 'if-match': '"1"' } });
      const problem = expectProblem(stale, 412, 'precondition_failed');
      expect(problem.errors?.[0]?.path).toBe('header.if-match');
      expect((await api.call('GET', path)).json).toMatchObject({ firstName: 'One', version: 2 });

      const racers = await Promise.all(
        ['A', 'B'].map((name) =>
          api.call('PATCH', path, { body: { firstName: name }, headers: { 'if-match': '"2"' } }),
        ),
      );
      expect(racers.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = racers.find((r) => r.status === 200)?.json as unknown as User;
      expect((await api.call('GET', path)).json).toMatchObject({ firstName: winner.firstName, version: 3 });

      expectProblem(await api.call('DELETE', path, { headers: { 'if-match': '"2"' } }), 412, 'precondition_failed');
      expectProblem(
        await api.call('PATCH', path, { body: { firstName: 'X' }, headers: { 'if-match': 'W/"3"' } }),
        400,
        'validation_failed',
      );
      expect((await api.call('DELETE', path, { headers: { 'if-match': '"3"' } })).status).toBe(204);
    });

    it('when a user is deleted, then 204, then 404, and their sessions are gone', async () => {
      const { user, token } = await actorWith('MEMBER');
      expect((await api.call('DELETE', `/v2/client/multi-user/${user.id}`)).status).toBe(204);
      expectProblem(await api.call('GET', `/v2/client/multi-user/${user.id}`), 404, 'not_found');
      expectProblem(await api.call('DELETE', `/v2/client/multi-user/${user.id}`), 404, 'not_found');
      expectProblem(await api.call('GET', '/v2/client/auth/me', { token }), 401, 'unauthenticated');
    });

    it('when the user id is not a uuid, then 400 names it', async () => {
      const problem = expectProblem(
        await api.call('GET', '/v2/client/multi-user/not-a-uuid'),
        400,
        'validation_failed',
      );
      expect(problem.errors?.[0]?.path).toBe('params.userId');
    });
  });

  describe('status and passwords', () => {
    it('when a user is deactivated, then their sessions end and they cannot sign in; reactivated, they can', async () => {
      const { user, token } = await actorWith('ADMIN');
      const res = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: { status: 'inactive' } });
      expect(res.json).toMatchObject({ status: 'inactive' });
      expectProblem(await api.call('GET', '/v2/client/auth/me', { token }), 401, 'unauthenticated');
      expect(await count('sessions where user_id = $1 and revoked_at is null', [user.id])).toBe(0);
      expectProblem(
        await api.call('POST', '/v2/client/auth/sign-in', { body: { email: user.email, password: PASSWORD } }),
        401,
        'invalid_credentials',
      );
      await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: { status: 'active' } });
      expect(await api.signIn(user.email, PASSWORD)).toBeTruthy();
    });

    it('when an admin sets a password, then the old one stops working and the user is signed out', async () => {
      const { user, token } = await actorWith('MEMBER');
      const res = await api.call('PUT', `/v2/client/multi-user/${user.id}/password`, {
        token: ownerToken,
        body: { password: 'a brand new password' },
        headers: { 'if-match': '"1"' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ version: 2 });
      expectProblem(await api.call('GET', '/v2/client/auth/me', { token }), 401, 'unauthenticated');
      expectProblem(
        await api.call('POST', '/v2/client/auth/sign-in', { body: { email: user.email, password: PASSWORD } }),
        401,
        'invalid_credentials',
      );
      expect(await api.signIn(user.email, 'a brand new password')).toBeTruthy();
      const same = await api.call('PUT', `/v2/client/multi-user/${user.id}/password`, {
        body: { password: user.email.toUpperCase() },
      });
      expect(expectProblem(same, 400, 'validation_failed').errors?.[0]?.path).toBe('body.password');
    });

    it('when people change their own password, then the current one is required and their other sessions end', async () => {
      const { user, token } = await actorWith('MEMBER');
      const other = await api.signIn(user.email, PASSWORD);
      const wrong = await api.call('POST', '/v2/client/auth/password', {
        token,
        body: { currentPassword: 'not it at all', newPassword: 'my next password' },
      });
      expect(expectProblem(wrong, 400, 'validation_failed').errors?.[0]?.path).toBe('body.currentPassword');

      const ok = await api.call('POST', '/v2/client/auth/password', {
        token,
        body: { currentPassword: PASSWORD, newPassword: 'my next password' },
      });
      expect(ok.status).toBe(204);
      expect((await api.call('GET', '/v2/client/auth/me', { token })).status).toBe(200);
      expectProblem(await api.call('GET', '/v2/client/auth/me', { token: other }), 401, 'unauthenticated');
      expect(await api.signIn(user.email, 'my next password')).toBeTruthy();
      // An admin cannot use the admin route on their own password.
      const self = await api.call('PUT', `/v2/client/multi-user/${owner.id}/password`, {
        token: ownerToken,
        body: { password: 'whatever password' },
      });
      expectProblem(self, 403, 'forbidden');
    });
  });

  describe('bad input: 400 naming the field, nothing written', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown permission key', { permissions: { ignite: true, teleport: true } }, 'body.permissions.teleport'],
      ['a non-boolean permission', { permissions: { journey: 'yes' } }, 'body.permissions.journey'],
      ['a bad email', { email: 'not-an-email' }, 'body.email'],
      ['an unknown role', { role: 'SUPERUSER' }, 'body.role'],
      ['an unknown field', { isAdmin: true }, 'body.isAdmin'],
      ['an id in the body', { id: '00000000-0000-4000-8000-000000000000' }, 'body.id'],
      ['a version in the body', { version: 9 }, 'body.version'],
      ['a short password', { password: 'short' }, 'body.password'],
      ['a long password', { password: 'x'.repeat(129) }, 'body.password'],
      ['the email as password', { email: 'same@example.com', password: 'SAME@example.com' }, 'body.password'],
      ['a bad phone', { phone: 'call me' }, 'body.phone'],
      ['an unknown role id', { groups: ['00000000-0000-4000-8000-000000000000'] }, 'body.groups.0'],
      ['a control character in a name', { firstName: 'A\u0000' }, 'body.firstName'],
      ['a right-to-left override in a name', { lastName: 'moc.live\u202Eevil' }, 'body.lastName'],
      ['a C1 control in a name', { firstName: 'A\u0085B' }, 'body.firstName'],
      ['a line separator in a name', { firstName: 'A\u2028B' }, 'body.firstName'],
    ];

    it.each(cases)('when create has %s, then 400 names it', async (_label, patch, path) => {
      const before = [await count('users'), await count('audit_events')];
      const res = await api.call('POST', '/v2/client/multi-user', {
        body: { email: email('bad'), password: PASSWORD, ...patch },
      });
      const problem = expectProblem(res, 400, 'validation_failed');
      expect(problem.errors?.map((e) => e.path)).toContain(path);
      expect([await count('users'), await count('audit_events')]).toEqual(before);
    });

    it.each(cases.filter(([label]) => label !== 'the email as password'))(
      'when update has %s, then 400 names it and the user is unchanged',
      async (_label, patch, path) => {
        const user = await api.createUser({ email: email('badpatch') });
        const res = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: patch });
        const problem = expectProblem(res, 400, 'validation_failed');
        expect(problem.errors?.map((e) => e.path)).toContain(path);
        expect((await api.call('GET', `/v2/client/multi-user/${user.id}`)).json).toEqual(user);
      },
    );

    it('when the email exists in another letter case, then 409 on create and on update', async () => {
      const taken = await api.createUser({ email: email('Taken') });
      const before = await count('users');
      const dup = await api.call('POST', '/v2/client/multi-user', {
        body: { email: taken.email.toUpperCase(), password: PASSWORD },
      });
      expect(expectProblem(dup, 409, 'conflict').errors?.[0]?.path).toBe('body.email');
      expect(await count('users')).toBe(before);
      const other = await api.createUser({ email: email('other') });
      const res = await api.call('PATCH', `/v2/client/multi-user/${other.id}`, {
        body: { email: ` ${taken.email.toUpperCase()} ` },
      });
      expectProblem(res, 409, 'conflict');
    });

    it('when the JSON is malformed or the PATCH is empty, then 400', async () => {
      expectProblem(await api.call('POST', '/v2/client/multi-user', { body: '{"email":' }), 400, 'malformed_json');
      const user = await api.createUser({ email: email('empty') });
      expectProblem(
        await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: {} }),
        400,
        'validation_failed',
      );
    });
  });

  describe('who may do what', () => {
    it('when an ADMIN acts on an OWNER or makes an OWNER, then 403 and nothing changes', async () => {
      const admin = await actorWith('ADMIN', { ignite: true });
      const otherOwner = await api.createUser({ email: email('owner2'), role: 'OWNER' });
      const create = await api.call('POST', '/v2/client/multi-user', {
        token: admin.token,
        body: { email: email('wannabe'), password: PASSWORD, role: 'OWNER' },
      });
      expect(expectProblem(create, 403, 'forbidden').errors?.[0]?.path).toBe('body.role');
      await expectForbidden(admin.token, 'PATCH', `/v2/client/multi-user/${otherOwner.id}`, { firstName: 'Changed' });
      await expectForbidden(admin.token, 'DELETE', `/v2/client/multi-user/${otherOwner.id}`);
      await expectForbidden(admin.token, 'PUT', `/v2/client/multi-user/${otherOwner.id}/password`, {
        password: 'taken over now',
      });
      // No self-escalation either.
      await expectForbidden(admin.token, 'PATCH', `/v2/client/multi-user/${admin.user.id}`, { role: 'OWNER' });
      expect((await api.call('GET', `/v2/client/multi-user/${otherOwner.id}`)).json).toEqual(otherOwner);
      expect((await api.call('GET', `/v2/client/multi-user/${admin.user.id}`)).json).toMatchObject({ role: 'ADMIN' });
    });

    it('when an ADMIN grants a permission they do not hold, then 403 names it; one they hold is fine', async () => {
      const admin = await actorWith('ADMIN', { ignite: true, journey: false });
      const target = await api.createUser({ email: email('target') });
      const refused = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
        token: admin.token,
        body: { permissions: { ignite: true, journey: true } },
      });
      expect(expectProblem(refused, 403, 'forbidden').errors?.map((e) => e.path)).toEqual(['body.permissions.journey']);
      const selfGrant = await api.call('PATCH', `/v2/client/multi-user/${admin.user.id}`, {
        token: admin.token,
        body: { permissions: { billing: true } },
      });
      expectProblem(selfGrant, 403, 'forbidden');
      const create = await api.call('POST', '/v2/client/multi-user', {
        token: admin.token,
        body: { email: email('new'), password: PASSWORD, permissions: { webhooks: true } },
      });
      expectProblem(create, 403, 'forbidden');
      expect((await api.call('GET', `/v2/client/multi-user/${target.id}`)).json).toEqual(target);

      const ok = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
        token: admin.token,
        body: { permissions: { ignite: true } },
      });
      expect(ok.status).toBe(200);
      // Re-sending grants the target already has is not granting.
      const holder = await api.createUser({ email: email('holder'), permissions: { billing: true, ignite: true } });
      const resend = await api.call('PATCH', `/v2/client/multi-user/${holder.id}`, {
        token: admin.token,
        body: { firstName: 'Kept', permissions: { billing: true } },
      });
      expect(resend.status).toBe(200);
      // Revoking what the admin does not hold is refused like granting it (ADR 017); what they hold, they revoke.
      const revoke = await api.call('PATCH', `/v2/client/multi-user/${holder.id}`, {
        token: admin.token,
        body: { permissions: { billing: false } },
      });
      const problem = expectProblem(revoke, 403, 'forbidden');
      expect(problem.detail).toBe('You can revoke only permissions you hold yourself.');
      expect(problem.errors).toEqual([
        {
          path: 'body.permissions.billing',
          message: 'You do not hold "billing", so you cannot revoke it',
          code: 'forbidden',
        },
      ]);
      const held = await api.call('PATCH', `/v2/client/multi-user/${holder.id}`, {
        token: admin.token,
        body: { permissions: { ignite: false } },
      });
      expect(held.json).toMatchObject({ permissions: { billing: true, ignite: false } });
    });

    it('when a role would grant what an ADMIN does not hold, then assigning it is refused', async () => {
      const roleId = '11111111-1111-4111-8111-111111111111';
      await iam.db.query(`insert into roles (id, tenant_id, name, permissions) values ($1, $2, 'Finance', $3)`, [
        roleId,
        iam.tenantId,
        ['billing', 'payments'],
      ]);
      const admin = await actorWith('ADMIN', { billing: true });
      const target = await api.createUser({ email: email('grouped') });
      const res = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
        token: admin.token,
        body: { groups: [roleId] },
      });
      const problem = expectProblem(res, 403, 'forbidden');
      expect(problem.errors?.[0]).toMatchObject({ path: 'body.groups.0' });
      expect(problem.errors?.[0]?.message).toContain('payments');
      // The owner may; the role's permissions become effective.
      const ok = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
        token: ownerToken,
        body: { groups: [roleId] },
      });
      expect(ok.json).toMatchObject({ groups: [roleId] });
      expect((ok.json as User).effectivePermissions.sort()).toEqual(['billing', 'payments']);
    });

    it('when the last active OWNER would be demoted, deactivated or deleted, then 409, even server-to-server', async () => {
      // A tenant of its own, so only one owner exists.
      const credentials = { apiKey: 'ak_lonely_owner_03', apiSecret: 'as_lonely_owner_secret_long_0003' };
      await addTenant(iam.db, credentials, { email: 'only@lonely.example', password: 'only owner password' });
      const token = await api.call('POST', '/v2/client/auth/sign-in', {
        credentials,
        body: { email: 'only@lonely.example', password: 'only owner password' },
      });
      const { token: t, user } = token.json as { token: string; user: User };
      const path = `/v2/client/multi-user/${user.id}`;
      for (const body of [{ role: 'ADMIN' }, { status: 'inactive' }]) {
        expectProblem(await api.call('PATCH', path, { credentials, body }), 409, 'last_owner');
      }
      expectProblem(await api.call('DELETE', path, { credentials }), 409, 'last_owner');
      expectProblem(
        await api.call('PATCH', path, { credentials, token: t, body: { role: 'ADMIN' } }),
        409,
        'last_owner',
      );
      expect((await api.call('GET', path, { credentials })).json).toMatchObject({ role: 'OWNER', status: 'active' });

      // With a second active owner, the first may step down.
      await api.call('POST', '/v2/client/multi-user', {
        credentials,
        body: { email: 'second@lonely.example', password: PASSWORD, role: 'OWNER' },
      });
      expect((await api.call('PATCH', path, { credentials, body: { role: 'ADMIN' } })).status).toBe(200);
    });

    it('when someone deletes or deactivates themselves, then 403', async () => {
      const admin = await actorWith('ADMIN');
      await expectForbidden(admin.token, 'DELETE', `/v2/client/multi-user/${admin.user.id}`);
      await expectForbidden(ownerToken, 'DELETE', `/v2/client/multi-user/${owner.id}`);
      await expectForbidden(admin.token, 'PATCH', `/v2/client/multi-user/${admin.user.id}`, { status: 'inactive' });
    });

    it('when a MEMBER calls, then they read only themselves', async () => {
      const member = await actorWith('MEMBER');
      const other = await api.createUser({ email: email('peer') });
      expect((await api.call('GET', `/v2/client/multi-user/${member.user.id}`, { token: member.token })).status).toBe(
        200,
      );
      await expectForbidden(member.token, 'GET', `/v2/client/multi-user/${other.id}`);
      expectProblem(await api.call('GET', '/v2/client/multi-user', { token: member.token }), 403, 'forbidden');
      expectProblem(
        await api.call('POST', '/v2/client/multi-user', {
          token: member.token,
          body: { email: email('x'), password: PASSWORD },
        }),
        403,
        'forbidden',
      );
      await expectForbidden(member.token, 'PATCH', `/v2/client/multi-user/${member.user.id}`, { firstName: 'Self' });
      expectProblem(
        await api.call('POST', '/v2/client/permission-changes', {
          token: member.token,
          body: { changes: [{ userId: other.id, version: 1, grant: ['ignite'] }] },
        }),
        403,
        'forbidden',
      );
      expect((await api.call('GET', '/v2/client/permissions', { token: member.token })).status).toBe(200);
    });

    it('when a server-to-server call (no actor) manages an OWNER, then it has the full rights', async () => {
      const created = await api.createUser({ email: email('s2s-owner'), role: 'OWNER' });
      const res = await api.call('PATCH', `/v2/client/multi-user/${created.id}`, { body: { firstName: 'Robot' } });
      expect(res.status).toBe(200);
      expect((await api.call('DELETE', `/v2/client/multi-user/${created.id}`)).status).toBe(204);
    });
  });

  describe('bulk permission changes', () => {
    it('when every change is allowed, then all apply with new versions and one audit event each', async () => {
      const a = await api.createUser({ email: email('bulk-a') });
      const b = await api.createUser({ email: email('bulk-b'), permissions: { ignite: true } });
      const res = await api.call('POST', '/v2/client/permission-changes', {
        token: ownerToken,
        body: {
          changes: [
            { userId: a.id, version: 1, grant: ['ignite', 'journey'] },
            { userId: b.id, version: 1, revoke: ['ignite'], grant: ['billing'] },
          ],
        },
      });
      expect(res.status).toBe(200);
      const { items } = res.json as { items: User[] };
      expect(items.map((u) => [u.id, u.version, u.effectivePermissions.sort()])).toEqual([
        [a.id, 2, ['ignite', 'journey']],
        [b.id, 2, ['billing']],
      ]);
      expect(
        await count("audit_events where action = 'user.permissions_changed' and target_id = any($1)", [[a.id, b.id]]),
      ).toBe(2);
    });

    it('when one change is stale, unknown or refused, then none applies', async () => {
      const a = await api.createUser({ email: email('all-a') });
      const b = await api.createUser({ email: email('all-b') });
      await api.call('PATCH', `/v2/client/multi-user/${b.id}`, { body: { firstName: 'Moved on' } });
      const send = (changes: unknown[], token?: string) =>
        api.call('POST', '/v2/client/permission-changes', { token, body: { changes } });

      const stale = await send([
        { userId: a.id, version: 1, grant: ['ignite'] },
        { userId: b.id, version: 1, grant: ['ignite'] },
      ]);
      expect(expectProblem(stale, 412, 'precondition_failed').errors?.map((e) => e.path)).toEqual([
        'body.changes.1.version',
      ]);
      const unknown = await send([{ userId: a.id, version: 1, grant: ['ignite', 'teleport'] }]);
      expect(expectProblem(unknown, 400, 'validation_failed').errors?.[0]?.path).toBe('body.changes.0.grant.1');

      const admin = await actorWith('ADMIN', { ignite: true });
      const refused = await send(
        [
          { userId: a.id, version: 1, grant: ['ignite'] },
          { userId: b.id, version: 2, grant: ['billing'] },
        ],
        admin.token,
      );
      expect(expectProblem(refused, 403, 'forbidden').errors?.[0]?.path).toBe('body.changes.1.grant.0');
      const onOwner = await send([{ userId: owner.id, version: owner.version, revoke: ['ignite'] }], admin.token);
      expect(expectProblem(onOwner, 403, 'forbidden').errors?.[0]?.path).toBe('body.changes.0.userId');

      const missing = await send([{ userId: '00000000-0000-4000-8000-000000000000', version: 1, grant: ['ignite'] }]);
      expectProblem(missing, 404, 'not_found');
      expect((await api.call('GET', `/v2/client/multi-user/${a.id}`)).json).toEqual(a);
      expect((await api.call('GET', `/v2/client/multi-user/${b.id}`)).json).toMatchObject({
        version: 2,
        effectivePermissions: [],
      });
    });
  });

  describe('list: search, filters, sort, keyset paging', () => {
    const credentials = { apiKey: 'ak_list_tenant_0004', apiSecret: 'as_list_tenant_secret_long_0004' };
    const names = [
      ['Ada', 'Lovelace', 'ADMIN'],
      ['Barbara', 'Liskov', 'MEMBER'],
      ['Claude', 'Shannon', 'MEMBER'],
      ['Donald', 'Knuth', 'ADMIN'],
      ['Edsger', 'Dijkstra', 'MEMBER'],
      ['Frances', 'Allen', 'MEMBER'],
      ['Grace', 'Hopper', 'ADMIN'],
      ['Hedy', 'Lamarr', 'MEMBER'],
      ['Ivan', 'Sutherland', 'MEMBER'],
      ['John', 'Backus', 'MEMBER'],
      ['Katherine', 'Johnson', 'MEMBER'],
      ['Leslie', 'Lamport', 'MEMBER'],
      ['Margaret', 'Hamilton', 'ADMIN'],
      ['Niklaus', 'Wirth', 'MEMBER'],
      ['Ole', 'Dahl', 'MEMBER'],
      ['Peter', 'Naur', 'MEMBER'],
      ['Radia', 'Perlman', 'MEMBER'],
      ['Shafi', 'Goldwasser', 'MEMBER'],
      ['Tim', 'Berners', 'MEMBER'],
      ['Whitfield', 'Diffie', 'MEMBER'],
    ] as const;
    const list = async (query: string) => {
      const res = await api.call('GET', `/v2/client/multi-user?${query}`, { credentials });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return userListSchema.parse(res.json);
    };
    /** Follows nextCursor to the end; every user once. */
    const all = async (query: string) => {
      const seen: User[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`${query}&limit=6${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(6);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      return seen;
    };

    beforeAll(async () => {
      const tenantId = await addTenant(iam.db, credentials, { email: 'zed.owner@list.example', password: PASSWORD });
      for (const [first, last, role] of names) {
        await api.call('POST', '/v2/client/multi-user', {
          credentials,
          body: {
            email: `${first.toLowerCase()}@list.example`,
            password: PASSWORD,
            firstName: first,
            lastName: last,
            role,
          },
        });
      }
      await api.call('POST', '/v2/client/multi-user', {
        credentials,
        body: { email: 'under_score+50@list.example', password: PASSWORD },
      });
      // Some have signed in (two at the same instant: the id breaks the tie).
      await iam.db.query(
        `update users set last_login_at = now() - (length(email) || ' minutes')::interval
          where tenant_id = $1 and email in ('ada@list.example', 'grace@list.example', 'tim@list.example', 'ole@list.example')`,
        [tenantId],
      );
      await iam.db.query(
        `update users set status = 'inactive' where tenant_id = $1 and email in ('hedy@list.example', 'ivan@list.example')`,
        [tenantId],
      );
    });

    it('when paging by any sort in either direction, then every user comes once, in order', async () => {
      const everyone = await list('limit=200');
      expect(everyone.total).toBe(22);
      const by = {
        email: (u: User) => u.email.toLowerCase(),
        name: (u: User) => (u.firstName ? `${u.firstName} ${u.lastName}` : u.email).toLowerCase(),
        createdAt: (u: User) => u.createdAt,
        lastLoginAt: (u: User) => u.lastLoginAt ?? '',
      };
      for (const [field, key] of Object.entries(by)) {
        const expected = [...everyone.items].sort((a, b) =>
          key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1,
        );
        const ascending = await all(`sort=${field}`);
        expect(
          ascending.map((u) => u.email),
          field,
        ).toEqual(expected.map((u) => u.email));
        const descending = await all(`sort=-${field}`);
        expect(
          descending.map((u) => u.email),
          `-${field}`,
        ).toEqual(expected.reverse().map((u) => u.email));
      }
    });

    it('when searching, then email and names match in any case, and % and _ are literal', async () => {
      expect((await list('search=HOPPER')).items.map((u) => u.email)).toEqual(['grace@list.example']);
      expect((await list('search=ada@')).items.map((u) => u.email)).toEqual(['ada@list.example']);
      expect((await list('search=lam')).items.map((u) => u.firstName).sort()).toEqual(['Hedy', 'Leslie']);
      expect((await list('search=E%2B50')).items.map((u) => u.email)).toEqual(['under_score+50@list.example']);
      expect((await list('search=%25')).total).toBe(0);
      expect((await list('search=_')).items.map((u) => u.email)).toEqual(['under_score+50@list.example']);
      expect((await list('search=nobody-like-this')).items).toEqual([]);
    });

    it('when filtering by role and status (with search and paging), then only matches count', async () => {
      const admins = await list('role=ADMIN&sort=email');
      expect(admins.items.map((u) => u.firstName)).toEqual(['Ada', 'Donald', 'Grace', 'Margaret']);
      expect(admins.total).toBe(4);
      const inactive = await list('status=inactive');
      expect(inactive.items.map((u) => u.firstName).sort()).toEqual(['Hedy', 'Ivan']);
      const mixed = await all('role=MEMBER&status=active&search=a');
      expect(mixed.every((u) => u.role === 'MEMBER' && u.status === 'active')).toBe(true);
      expect(mixed.length).toBe((await list('role=MEMBER&status=active&search=a&limit=200')).total);
    });

    it('when the query is bad, then 400 names the parameter', async () => {
      const bad = async (query: string, path: string) => {
        const res = await api.call('GET', `/v2/client/multi-user?${query}`, { credentials });
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toContain(path);
      };
      await bad('limit=0', 'query.limit');
      await bad('limit=201', 'query.limit');
      await bad('limit=ten', 'query.limit');
      await bad('sort=password', 'query.sort');
      await bad('role=ROOT', 'query.role');
      await bad('status=gone', 'query.status');
      await bad('cursor=not-a-cursor', 'query.cursor');
      await bad('offset=20', 'query.offset');
      await bad('search=a&search=b', 'query.search');
      const page = await list('sort=email&limit=2');
      await bad(`sort=name&cursor=${page.nextCursor}`, 'query.cursor');
      const forged = Buffer.from(JSON.stringify({ s: 'createdAt', v: 'yesterday', i: owner.id })).toString('base64url');
      await bad(`sort=createdAt&cursor=${forged}`, 'query.cursor');
    });

    it('when a users-list cursor is forged to hold an impossible date, then 400 naming query.cursor, not a 5xx', async () => {
      for (const sort of ['createdAt', '-lastLoginAt']) {
        const real = (await list(`sort=${sort}&limit=1`)).nextCursor as string;
        const data = JSON.parse(Buffer.from(real, 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...data, v: '2024-02-31 10:00:00+00' })).toString('base64url');
        const res = await api.call('GET', `/v2/client/multi-user?sort=${sort}&cursor=${forged}`, { credentials });
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['query.cursor']);
      }
    });
  });

  describe('idempotent create and audit', () => {
    it('when a create is retried with the same Idempotency-Key, then one user and the same answer', async () => {
      const body = { email: email('idem'), password: PASSWORD, firstName: 'Once' };
      const headers = { 'idempotency-key': `key-${seq}` };
      const [first, second] = [
        await api.call('POST', '/v2/client/multi-user', { body, headers }),
        await api.call('POST', '/v2/client/multi-user', { body, headers }),
      ];
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.json).toEqual(first.json);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await count('users where lower(email) = lower($1)', [body.email])).toBe(1);

      const concurrent = { email: email('idem-race'), password: PASSWORD };
      const raced = await Promise.all(
        [1, 2, 3].map(() =>
          api.call('POST', '/v2/client/multi-user', { body: concurrent, headers: { 'idempotency-key': 'race-key' } }),
        ),
      );
      expect(raced.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(raced.map((r) => (r.json as User).id)).size).toBe(1);

      const reused = await api.call('POST', '/v2/client/multi-user', {
        body: { ...body, firstName: 'Different' },
        headers,
      });
      expectProblem(reused, 422, 'idempotency_key_reused');
    });

    it('when a user is changed, then an audit event records actor, action, target, before and after', async () => {
      const user = await api.createUser({ email: email('audited') });
      await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { token: ownerToken, body: { firstName: 'After' } });
      const [event] = await iam.db.query<{ actor_user_id: string; before: User; after: User; request_id: string }>(
        `select actor_user_id, before, after, request_id from audit_events
          where action = 'user.updated' and target_id = $1`,
        [user.id],
      );
      expect(event).toMatchObject({
        actor_user_id: owner.id,
        before: { firstName: null },
        after: { firstName: 'After' },
      });
      expect(event?.request_id).toBeTruthy();
      expect(JSON.stringify(event)).not.toMatch(/argon2|password_hash/);
      expect(await count("audit_events where action = 'user.created' and target_id = $1", [user.id])).toBe(1);
    });

    it("when a user's activity is read, then their changes come newest first with the fields that changed", async () => {
      await addTenant(iam.db);
      const user = await api.createUser({ email: email('activity'), permissions: { ignite: true } });
      await api.call('PATCH', `/v2/client/multi-user/${user.id}`, {
        token: ownerToken,
        body: { firstName: 'Active', permissions: { journey: true } },
      });
      const res = await api.call('GET', `/v2/client/multi-user/${user.id}/activity`, { token: ownerToken });
      expect(res.status).toBe(200);
      const { items } = res.json as {
        items: { action: string; actor: { email: string | null } | null; source: string; changes: unknown[] }[];
      };
      expect(items.map((e) => e.action)).toEqual(['user.updated', 'user.created']);
      // Exactly what changed: inside the permission map, only the key that changed (absent before: null).
      expect(items[0]).toMatchObject({
        actor: { email: TEST_OWNER.email },
        source: 'console',
        changes: [
          { field: 'firstName', before: null, after: 'Active' },
          { field: 'permissions', before: { journey: null }, after: { journey: true } },
        ],
      });
      expect(items[1]).toMatchObject({ actor: null, source: 'api' });
      const member = await actorWith('MEMBER');
      await expectForbidden(member.token, 'GET', `/v2/client/multi-user/${user.id}/activity`);
      expectProblem(
        await api.call('GET', `/v2/client/multi-user/${user.id}/activity`, { credentials: OTHER_TENANT_CREDENTIALS }),
        404,
        'not_found',
      );
    });
  });
});

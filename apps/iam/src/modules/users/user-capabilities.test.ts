import { expandedUserSchema, type Role, type User, userListSchema, userSchema } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * Issue 25, part 2: replacing a user (PUT, Identity Manager's `PUT User`), the exact look-up by
 * email (`GET UserByName`) and roles expanded (`?expand=groups`, the user/group API's `groups`).
 */

const PASSWORD = 'a long enough password';

describe.each(testDatabases)('user capabilities on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken } = suite));

  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;
  const userPath = (id: string) => `/v2/client/multi-user/${id}`;
  let marketing: Role;
  let billing: Role;

  beforeAll(async () => {
    marketing = await api.arrange('POST', '/v2/client/roles', {
      name: 'Marketing',
      permissions: ['ignite', 'journey'],
    });
    billing = await api.arrange('POST', '/v2/client/roles', { name: 'Billing', permissions: ['billing'] });
  });

  /** The user's row as the database holds it, with its roles and its audit count, to tell a change. */
  async function stateOf(id: string): Promise<string> {
    const rows = await iam.db.query(
      `select u.email, u.first_name, u.last_name, u.phone, u.role, u.status, u.permissions, u.version,
              (select coalesce(json_agg(ur.role_id order by ur.role_id), '[]') from user_roles ur where ur.user_id = u.id) as roles,
              (select count(*)::int from audit_events e where e.target_id = u.id::text) as events
         from users u where u.id = $1`,
      [id],
    );
    return JSON.stringify(rows);
  }

  const put = (user: Pick<User, 'id' | 'version'>, body: unknown, token?: string, ifMatch = `"${user.version}"`) =>
    api.call('PUT', userPath(user.id), { token, body, headers: { 'if-match': ifMatch } });

  describe('replace a user (PUT)', () => {
    it('when an OWNER replaces a user, then profile, map and roles are exactly as sent and absent fields are cleared', async () => {
      const user = await api.createUser({
        email: email('full'),
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+44 20 7946 0000',
        permissions: { ignite: true, billing: true, journey: false },
        groups: [marketing.id],
      });
      const address = email('renamed').toUpperCase();
      const res = await put(user, { email: address, role: 'ADMIN', permissions: { webhooks: true } }, ownerToken);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const replaced = userSchema.parse(res.json);
      expect(replaced).toMatchObject({
        // A new address waits for its verification link (ADR 028), as with PATCH.
        email: user.email,
        pendingEmail: address,
        role: 'ADMIN',
        firstName: null,
        lastName: null,
        phone: null,
        // Replaced, not merged: ignite, billing and journey are gone.
        permissions: { webhooks: true },
        groups: [],
        effectivePermissions: ['webhooks'],
        version: user.version + 1,
      });
      expect(res.headers.get('etag')).toBe(`"${user.version + 1}"`);
      const fetched = await api.call('GET', userPath(user.id));
      expect(fetched.json).toEqual(replaced);
      const events = await iam.db.query<{ action: string; after: { permissions: unknown } }>(
        `select action, after from audit_events where target_id = $1 and action = 'user.replaced'`,
        [user.id],
      );
      expect(events).toHaveLength(1);
      // The audit keeps the changed keys only; a key the map no longer holds is null (ADR 022).
      expect(events[0]?.after.permissions).toEqual({ ignite: null, billing: null, journey: null, webhooks: true });
    });

    it('when the body names roles and names, then they replace the ones held', async () => {
      const user = await api.createUser({ email: email('roles'), groups: [marketing.id], lastName: 'Old' });
      const res = await put(user, { email: user.email, role: 'MEMBER', groups: [billing.id], firstName: 'New' });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json).toMatchObject({ groups: [billing.id], firstName: 'New', lastName: null });
    });

    it('when If-Match is missing, then 428 and nothing changes', async () => {
      const user = await api.createUser({ email: email('no-if-match') });
      const before = await stateOf(user.id);
      const res = await api.call('PUT', userPath(user.id), {
        token: ownerToken,
        body: { email: user.email, role: 'MEMBER' },
      });
      const problem = expectProblem(res, 428, 'precondition_required');
      expect(problem.errors?.map((e) => e.path)).toEqual(['header.if-match']);
      expect(await stateOf(user.id)).toBe(before);
    });

    it('when If-Match is stale, then 412 and nothing changes', async () => {
      const user = await api.createUser({ email: email('stale'), firstName: 'Kept' });
      await api.arrange('PATCH', userPath(user.id), { lastName: 'Moved on' });
      const before = await stateOf(user.id);
      const res = await put(user, { email: user.email, role: 'MEMBER' }, ownerToken);
      expectProblem(res, 412, 'precondition_failed');
      expect(await stateOf(user.id)).toBe(before);
    });

    it.each([
      ['the email is missing', { role: 'MEMBER' }, 'body.email'],
      ['the access level is missing', { email: 'x@example.com' }, 'body.role'],
      ['a field is unknown', { email: 'x@example.com', role: 'MEMBER', status: 'inactive' }, 'body.status'],
      ['the email is not one', { email: 'not an email', role: 'MEMBER' }, 'body.email'],
      [
        'a permission is not in the catalog',
        { email: 'x@example.com', role: 'MEMBER', permissions: { nope: true } },
        'body.permissions.nope',
      ],
      [
        'a role does not exist',
        { email: 'x@example.com', role: 'MEMBER', groups: ['00000000-0000-4000-8000-000000000000'] },
        'body.groups.0',
      ],
      ['a password is sent', { email: 'x@example.com', role: 'MEMBER', password: PASSWORD }, 'body.password'],
    ])('when %s, then 400 naming %s and nothing changes', async (_case, body, path) => {
      const user = await api.createUser({ email: email('bad'), permissions: { ignite: true } });
      const before = await stateOf(user.id);
      const problem = expectProblem(await put(user, body, ownerToken), 400, 'validation_failed');
      expect(problem.errors?.map((e) => e.path)).toContain(path);
      expect(await stateOf(user.id)).toBe(before);
    });

    it('when an ADMIN replaces a map that leaves out a permission they do not hold, then 403 naming it and nothing changes', async () => {
      const admin = await api.createSignedIn({
        email: email('admin'),
        password: PASSWORD,
        role: 'ADMIN',
        permissions: { ignite: true },
      });
      const user = await api.createUser({ email: email('holder'), permissions: { ignite: true, billing: true } });
      const before = await stateOf(user.id);
      const res = await put(user, { email: user.email, role: 'MEMBER', permissions: { ignite: true } }, admin.token);
      const problem = expectProblem(res, 403, 'forbidden');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.permissions.billing']);
      expect(await stateOf(user.id)).toBe(before);
      // What the ADMIN holds, they may take away.
      const allowed = await put(
        user,
        { email: user.email, role: 'MEMBER', permissions: { billing: true } },
        admin.token,
      );
      expect(allowed.status, JSON.stringify(allowed.json)).toBe(200);
      expect(allowed.json).toMatchObject({ permissions: { billing: true } });
    });

    it('when an ADMIN replaces an OWNER or makes someone an OWNER, then 403 and nothing changes', async () => {
      const admin = await api.createSignedIn({ email: email('admin2'), password: PASSWORD, role: 'ADMIN' });
      const anOwner = await api.createUser({ email: email('owner'), role: 'OWNER' });
      const member = await api.createUser({ email: email('member') });
      const before = [await stateOf(anOwner.id), await stateOf(member.id)];
      expectProblem(await put(anOwner, { email: anOwner.email, role: 'OWNER' }, admin.token), 403, 'forbidden');
      const promote = expectProblem(
        await put(member, { email: member.email, role: 'OWNER' }, admin.token),
        403,
        'forbidden',
      );
      expect(promote.errors?.map((e) => e.path)).toEqual(['body.role']);
      expect([await stateOf(anOwner.id), await stateOf(member.id)]).toEqual(before);
    });

    it('when a MEMBER replaces someone, or another tenant names our user, then 403 / 404 and nothing changes', async () => {
      const member = await api.createSignedIn({ email: email('plain'), password: PASSWORD });
      const user = await api.createUser({ email: email('target') });
      const before = await stateOf(user.id);
      expectProblem(await put(user, { email: user.email, role: 'MEMBER' }, member.token), 403, 'forbidden');
      await addTenant(iam.db);
      const foreign = await api.call('PUT', userPath(user.id), {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { email: user.email, role: 'MEMBER' },
        headers: { 'if-match': `"${user.version}"` },
      });
      expectProblem(foreign, 404, 'not_found');
      expect(await stateOf(user.id)).toBe(before);
    });

    it('when the last active OWNER is replaced as an ADMIN, then 409 and nothing changes', async () => {
      const me = (await api.call('GET', '/v2/client/auth/me', { token: ownerToken })).json as User;
      const others = await iam.db.query<{ id: string }>(
        `select id from users where tenant_id = $1 and role = 'OWNER' and status = 'active' and id <> $2`,
        [iam.tenantId, me.id],
      );
      for (const { id } of others) await api.arrange('PATCH', userPath(id), { status: 'inactive' });
      const before = await stateOf(me.id);
      expectProblem(await put(me, { email: me.email, role: 'ADMIN' }), 409, 'last_owner');
      expect(await stateOf(me.id)).toBe(before);
    });
  });

  describe('exact look-up by email', () => {
    it('when the list is filtered by email, then only that address matches, whatever its case, never a part of it', async () => {
      const exact = await api.createUser({ email: `Grace.${++seq}@Example.com` });
      await api.createUser({ email: `x${exact.email.toLowerCase()}` });
      const res = await api.call('GET', `/v2/client/multi-user?email=${encodeURIComponent(exact.email.toUpperCase())}`);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const page = userListSchema.parse(res.json);
      expect(page.items.map((u) => u.id)).toEqual([exact.id]);
      expect(page.total).toBe(1);
      // The contains-search finds both.
      const search = await api.call('GET', `/v2/client/multi-user?search=${encodeURIComponent(exact.email)}`);
      expect(userListSchema.parse(search.json).total).toBe(2);
    });

    it('when no user has the address, then an empty page (the same for any address)', async () => {
      const res = await api.call('GET', '/v2/client/multi-user?email=nobody@example.com');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ items: [], nextCursor: null, total: 0, totalIsCapped: false });
    });

    it('when the email filter is not an address, then 400 naming query.email', async () => {
      const problem = expectProblem(
        await api.call('GET', '/v2/client/multi-user?email=grace'),
        400,
        'validation_failed',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['query.email']);
    });

    it('when a MEMBER looks an address up, then 403', async () => {
      const member = await api.createSignedIn({ email: email('looker'), password: PASSWORD });
      expectProblem(
        await api.call('GET', `/v2/client/multi-user?email=${encodeURIComponent(member.user.email)}`, {
          token: member.token,
        }),
        403,
        'forbidden',
      );
    });
  });

  describe('roles expanded', () => {
    const group = (role: Role) => ({ id: role.id, name: role.name, permissions: role.permissions });

    it('when a user is read with expand=groups, then each role is {id, name, permissions}', async () => {
      const user = await api.createUser({ email: email('expanded'), groups: [marketing.id, billing.id] });
      const res = await api.call('GET', `${userPath(user.id)}?expand=groups`);
      expect(res.status).toBe(200);
      const expanded = expandedUserSchema.parse(res.json);
      expect(expanded.groups).toEqual(expect.arrayContaining([group(marketing), group(billing)]));
      expect(expanded.groups).toHaveLength(2);
      // Without it, ids as before (Conscent-compatible).
      const plain = await api.call('GET', userPath(user.id));
      expect(userSchema.parse(plain.json).groups).toEqual([marketing.id, billing.id].sort());
    });

    it('when the list, a create, a PATCH and a PUT ask for it, then they answer roles expanded', async () => {
      const created = await api.call('POST', '/v2/client/multi-user?expand=groups', {
        body: { email: email('exp-create'), password: PASSWORD, groups: [billing.id] },
      });
      expect(created.status).toBe(201);
      expect(expandedUserSchema.parse(created.json).groups).toEqual([group(billing)]);
      const user = created.json as User;
      const list = await api.call('GET', `/v2/client/multi-user?expand=groups&email=${encodeURIComponent(user.email)}`);
      expect((list.json as { items: { groups: unknown }[] }).items[0]?.groups).toEqual([group(billing)]);
      const patched = await api.call('PATCH', `${userPath(user.id)}?expand=groups`, {
        body: { groups: [marketing.id] },
      });
      expect(expandedUserSchema.parse(patched.json).groups).toEqual([group(marketing)]);
      const replaced = await api.call('PUT', `${userPath(user.id)}?expand=groups`, {
        body: { email: user.email, role: 'MEMBER', groups: [billing.id] },
        headers: { 'if-match': `"${(patched.json as User).version}"` },
      });
      expect(expandedUserSchema.parse(replaced.json).groups).toEqual([group(billing)]);
    });

    it('when expand names something else, then 400 naming query.expand', async () => {
      const user = await api.createUser({ email: email('exp-bad') });
      const problem = expectProblem(
        await api.call('GET', `${userPath(user.id)}?expand=permissions`),
        400,
        'validation_failed',
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['query.expand']);
    });
  });
});

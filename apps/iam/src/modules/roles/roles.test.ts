import {
  permissionKeys,
  type Role,
  roleDeletionImpactSchema,
  roleListSchema,
  roleSchema,
  type User,
  userListSchema,
  userSchema,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe.each(testDatabases)('roles API on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  let owner: User;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken, owner } = suite));

  beforeAll(async () => {
    await addTenant(iam.db);
  });

  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;
  const roleName = (name: string) => `${name} ${++seq}`;

  /** A user with a password, signed in: the token to act as them. */
  async function actorWith(role: 'OWNER' | 'ADMIN' | 'MEMBER', permissions: Record<string, boolean> = {}) {
    const user = await api.createUser({ email: email(role.toLowerCase()), password: PASSWORD, role, permissions });
    return { user, token: await api.signIn(user.email, PASSWORD) };
  }

  async function createRole(body: Record<string, unknown>, token?: string): Promise<Role> {
    const res = await api.call('POST', '/v2/client/roles', { body, token });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return roleSchema.parse(res.json);
  }

  const getUser = async (id: string): Promise<User> =>
    userSchema.parse((await api.call('GET', `/v2/client/multi-user/${id}`)).json);
  const getRole = async (id: string) => api.call('GET', `/v2/client/roles/${id}`);
  /** The other tenant calls: our roles do not exist for it. */
  const expectUnknownToOtherTenant = async (method: string, path: string) =>
    expectProblem(await api.call(method, path, { credentials: OTHER_TENANT_CREDENTIALS }), 404, 'not_found');
  const assign = (roleId: string, userId: string, token?: string) =>
    api.call('PUT', `/v2/client/roles/${roleId}/members/${userId}`, { token });

  /** Everything a refused request must leave as it was. */
  const snapshot = async () =>
    JSON.stringify(
      await iam.db.query(
        `select (select count(*)::int from roles) as roles,
                (select coalesce(sum(version), 0)::int from roles) as role_versions,
                (select count(*)::int from user_roles) as assignments,
                (select coalesce(sum(version), 0)::int from users) as user_versions,
                (select count(*)::int from audit_events where action <> 'auth.signed_in') as events`,
      ),
    );
  const events = async (action: string, targetId: string) =>
    iam.db.query<{ before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      'select before, after from audit_events where action = $1 and target_id = $2 order by created_at',
      [action, targetId],
    );

  describe('create, read, list', () => {
    it('when a role is created, then 201 with its permissions in catalog order, version 1, an ETag and an audit event', async () => {
      const name = roleName('Marketing');
      const res = await api.call('POST', '/v2/client/roles', {
        body: { name: `  ${name} `, description: 'Campaigns', permissions: ['webhooks', 'ignite', 'journey'] },
        token: ownerToken,
      });
      expect(res.status).toBe(201);
      const role = roleSchema.parse(res.json);
      const inCatalogOrder = permissionKeys.filter((k) => ['webhooks', 'ignite', 'journey'].includes(k));
      expect(role).toMatchObject({ name, description: 'Campaigns', permissions: inCatalogOrder, memberCount: 0 });
      expect(role.permissions).toEqual(['ignite', 'journey', 'webhooks']);
      expect(role.version).toBe(1);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/v2/client/roles/${role.id}`);
      const [event] = await events('role.created', role.id);
      expect(event?.after).toMatchObject({ name, permissions: role.permissions });

      const read = await getRole(role.id);
      expect(read.status).toBe(200);
      expect(read.json).toEqual(role);
      expect(read.headers.get('etag')).toBe('"1"');
    });

    it('when a name is taken in another letter case, then 409 naming body.name and nothing is added', async () => {
      const existing = await createRole({ name: roleName('Support') });
      const before = await snapshot();
      const res = await api.call('POST', '/v2/client/roles', { body: { name: existing.name.toUpperCase() } });
      expect(expectProblem(res, 409, 'conflict').errors).toEqual([expect.objectContaining({ path: 'body.name' })]);
      expect(await snapshot()).toBe(before);
    });

    it.each([
      ['an unknown permission', { name: 'Ok', permissions: ['ignite', 'superpowers'] }, 'body.permissions.1'],
      ['a permission twice', { name: 'Ok', permissions: ['ignite', 'ignite'] }, 'body.permissions'],
      ['an empty name', { name: '   ' }, 'body.name'],
      ['a control character', { name: 'Bad\u0007name' }, 'body.name'],
      ['a text-direction isolate', { name: 'Bad\u2067name' }, 'body.name'],
      ['an unknown field', { name: 'Ok', version: 3 }, 'body.version'],
      ['no name', { permissions: [] }, 'body.name'],
    ])('when a role is created with %s, then 400 naming the field and nothing is added', async (_label, body, path) => {
      const before = await snapshot();
      const res = await api.call('POST', '/v2/client/roles', { body });
      const problem = expectProblem(res, 400, 'validation_failed');
      expect(problem.errors?.map((e) => e.path)).toContain(path);
      expect(await snapshot()).toBe(before);
    });

    it('when roles are listed, then they come by name in any letter case, each with its member count', async () => {
      const b = await createRole({ name: roleName('bravo') });
      const a = await createRole({ name: roleName('Alpha') });
      const user = await api.createUser({ email: email('counted') });
      expect((await assign(b.id, user.id)).status).toBe(200);
      const res = await api.call('GET', '/v2/client/roles', { token: ownerToken });
      expect(res.status).toBe(200);
      const { items } = roleListSchema.parse(res.json);
      const names = items.map((r) => r.name);
      expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
      expect(items.find((r) => r.id === a.id)?.memberCount).toBe(0);
      expect(items.find((r) => r.id === b.id)?.memberCount).toBe(1);
    });

    it("when another tenant reads a role, or anyone reads an unknown id, then 404; the other tenant's list is its own", async () => {
      const role = await createRole({ name: roleName('Private') });
      await expectUnknownToOtherTenant('GET', `/v2/client/roles/${role.id}`);
      expectProblem(await getRole(UNKNOWN_ID), 404, 'not_found');
      const theirs = await api.call('GET', '/v2/client/roles', { credentials: OTHER_TENANT_CREDENTIALS });
      expect(roleListSchema.parse(theirs.json).items.map((r) => r.id)).not.toContain(role.id);
    });
  });

  describe('update', () => {
    it('when a role is renamed and its permissions replaced with If-Match, then 200, version 2, the new set in catalog order', async () => {
      const role = await createRole({ name: roleName('Editors'), permissions: ['ignite', 'journey'] });
      const res = await api.call('PATCH', `/v2/client/roles/${role.id}`, {
        body: { name: `${role.name} renamed`, description: 'Now described', permissions: ['webhooks', 'ignite'] },
        headers: { 'if-match': '"1"' },
        token: ownerToken,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json).toMatchObject({
        name: `${role.name} renamed`,
        description: 'Now described',
        permissions: ['ignite', 'webhooks'],
        version: 2,
      });
      expect(res.headers.get('etag')).toBe('"2"');
      const [event] = await events('role.updated', role.id);
      expect(event?.before).toMatchObject({ permissions: ['ignite', 'journey'] });
      expect(event?.after).toMatchObject({ permissions: ['ignite', 'webhooks'] });

      // Its own name in another letter case is not a conflict; a blank description clears it.
      const recased = await api.call('PATCH', `/v2/client/roles/${role.id}`, {
        body: { name: `${role.name} RENAMED`, description: '' },
      });
      expect(recased.json).toMatchObject({ name: `${role.name} RENAMED`, description: null, version: 3 });
    });

    it('when If-Match is stale, then 412 naming header.if-match and the role is unchanged', async () => {
      const role = await createRole({ name: roleName('Stale') });
      await api.call('PATCH', `/v2/client/roles/${role.id}`, { body: { description: 'first' } });
      const before = await snapshot();
      const res = await api.call('PATCH', `/v2/client/roles/${role.id}`, {
        body: { description: 'second' },
        headers: { 'if-match': '"1"' },
      });
      expect(expectProblem(res, 412, 'precondition_failed').errors?.[0]?.path).toBe('header.if-match');
      expect(await snapshot()).toBe(before);
      expect((await getRole(role.id)).json).toMatchObject({ description: 'first', version: 2 });
    });

    it('when two writes race on one version, then one wins and the other gets 412', async () => {
      const role = await createRole({ name: roleName('Race') });
      const results = await Promise.all(
        ['a', 'b'].map((d) =>
          api.call('PATCH', `/v2/client/roles/${role.id}`, {
            body: { description: d },
            headers: { 'if-match': '"1"' },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    });

    it("when renamed to another role's name, or given an unknown permission, or sent empty, then 4xx naming the field and nothing changes", async () => {
      const taken = await createRole({ name: roleName('Taken') });
      const role = await createRole({ name: roleName('Renamed') });
      const before = await snapshot();
      const path = `/v2/client/roles/${role.id}`;
      const conflict = await api.call('PATCH', path, { body: { name: taken.name.toLowerCase() } });
      expect(expectProblem(conflict, 409, 'conflict').errors?.[0]?.path).toBe('body.name');
      const unknown = await api.call('PATCH', path, { body: { permissions: ['ignite', 'nope'] } });
      expect(expectProblem(unknown, 400, 'validation_failed').errors?.[0]?.path).toBe('body.permissions.1');
      expectProblem(await api.call('PATCH', path, { body: {} }), 400, 'validation_failed');
      expectProblem(
        await api.call('PATCH', `/v2/client/roles/${role.id}`, {
          body: { description: 'x' },
          credentials: OTHER_TENANT_CREDENTIALS,
        }),
        404,
        'not_found',
      );
      expect(await snapshot()).toBe(before);
    });

    it("when a role's permissions change, then its members' effective permissions and sources follow, and their versions stay", async () => {
      const role = await createRole({ name: roleName('Followed'), permissions: ['ignite'] });
      const member = userSchema.parse(
        (await assign(role.id, (await api.createUser({ email: email('follower') })).id)).json,
      );
      expect(member.effectivePermissions).toEqual(['ignite']);
      await api.call('PATCH', `/v2/client/roles/${role.id}`, { body: { permissions: ['journey'] } });
      const after = await getUser(member.id);
      expect(after.effectivePermissions).toEqual(['journey']);
      expect(after.permissionSources).toEqual({
        journey: [{ type: 'role', roleId: role.id, roleName: role.name }],
      });
      expect(after.version).toBe(member.version);
    });
  });

  describe('assign and unassign one user', () => {
    it('when a role is assigned, then the user holds it, with effective permissions and sources, a new version and an audit event', async () => {
      const role = await createRole({ name: roleName('Assigned'), permissions: ['ignite', 'journey'] });
      const user = await api.createUser({ email: email('assignee'), permissions: { ignite: true } });
      const res = await assign(role.id, user.id, ownerToken);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const after = userSchema.parse(res.json);
      expect(after).toMatchObject({ groups: [role.id], version: user.version + 1 });
      expect(res.headers.get('etag')).toBe(`"${user.version + 1}"`);
      expect(after.effectivePermissions.sort()).toEqual(['ignite', 'journey']);
      expect(after.permissionSources).toEqual({
        ignite: [{ type: 'direct' }, { type: 'role', roleId: role.id, roleName: role.name }],
        journey: [{ type: 'role', roleId: role.id, roleName: role.name }],
      });
      expect(await events('user.roles_changed', user.id)).toEqual([
        { before: { groups: [] }, after: { groups: [role.id] } },
      ]);
      expect((await getRole(role.id)).json).toMatchObject({ memberCount: 1 });

      // Idempotent: the same PUT again answers the same user and writes nothing.
      const before = await snapshot();
      const again = await assign(role.id, user.id, ownerToken);
      expect(again.status).toBe(200);
      expect(again.json).toEqual(after);
      expect(await snapshot()).toBe(before);
    });

    it('when a role is taken away, then the user loses what only it granted; taking it again changes nothing', async () => {
      const role = await createRole({ name: roleName('Taken away'), permissions: ['ignite', 'journey'] });
      const user = await api.createUser({ email: email('unassignee'), permissions: { ignite: true } });
      const assigned = userSchema.parse((await assign(role.id, user.id)).json);
      const path = `/v2/client/roles/${role.id}/members/${user.id}`;
      const res = await api.call('DELETE', path, { token: ownerToken });
      expect(res.status).toBe(200);
      const after = userSchema.parse(res.json);
      expect(after).toMatchObject({ groups: [], version: assigned.version + 1, effectivePermissions: ['ignite'] });
      expect(after.permissionSources).toEqual({ ignite: [{ type: 'direct' }] });
      expect((await events('user.roles_changed', user.id)).at(-1)).toEqual({
        before: { groups: [role.id] },
        after: { groups: [] },
      });
      const before = await snapshot();
      const again = await api.call('DELETE', path);
      expect(again.status).toBe(200);
      expect(again.json).toEqual(after);
      expect(await snapshot()).toBe(before);
    });

    it("when the role or the user is unknown or another tenant's, then 404 and nothing changes", async () => {
      const role = await createRole({ name: roleName('Lonely') });
      const user = await api.createUser({ email: email('lonely') });
      const before = await snapshot();
      for (const method of ['PUT', 'DELETE']) {
        expectProblem(await api.call(method, `/v2/client/roles/${UNKNOWN_ID}/members/${user.id}`), 404, 'not_found');
        expectProblem(await api.call(method, `/v2/client/roles/${role.id}/members/${UNKNOWN_ID}`), 404, 'not_found');
        expectProblem(
          await api.call(method, `/v2/client/roles/${role.id}/members/${user.id}`, {
            credentials: OTHER_TENANT_CREDENTIALS,
          }),
          404,
          'not_found',
        );
      }
      expectProblem(await api.call('PUT', `/v2/client/roles/not-a-uuid/members/${user.id}`), 400, 'validation_failed');
      expect(await snapshot()).toBe(before);
    });
  });

  describe('no escalation (an ADMIN grants only what they hold)', () => {
    let admin: { user: User; token: string };
    let beyond: Role;
    let within: Role;

    beforeAll(async () => {
      admin = await actorWith('ADMIN', { ignite: true, journey: true });
      beyond = await createRole({ name: roleName('Beyond'), permissions: ['ignite', 'webhooks'] });
      within = await createRole({ name: roleName('Within'), permissions: ['ignite'] });
    });

    it('when an ADMIN creates a role with a permission they do not hold, then 403 naming it and nothing is created', async () => {
      const before = await snapshot();
      const res = await api.call('POST', '/v2/client/roles', {
        body: { name: roleName('Escalation'), permissions: ['ignite', 'webhooks'] },
        token: admin.token,
      });
      expect(expectProblem(res, 403, 'forbidden').errors).toEqual([
        expect.objectContaining({ path: 'body.permissions.1' }),
      ]);
      expect(await snapshot()).toBe(before);
      // With what they hold, they may.
      await createRole({ name: roleName('Allowed'), permissions: ['journey', 'ignite'] }, admin.token);
    });

    it('when an ADMIN adds or takes out a permission they do not hold in a role, then 403 naming it (ADR 017)', async () => {
      const before = await snapshot();
      const path = `/v2/client/roles/${within.id}`;
      const res = await api.call('PATCH', path, { body: { permissions: ['ignite', 'billing'] }, token: admin.token });
      expect(expectProblem(res, 403, 'forbidden').errors).toEqual([
        expect.objectContaining({ path: 'body.permissions.1' }),
      ]);
      expect(await snapshot()).toBe(before);

      const role = await createRole({ name: roleName('Trim'), permissions: ['ignite', 'webhooks', 'billing'] });
      // Dropping "billing", which the admin does not hold, revokes it from every member: refused.
      const refused = await api.call('PATCH', `/v2/client/roles/${role.id}`, {
        body: { permissions: ['ignite', 'webhooks'] },
        token: admin.token,
      });
      const problem = expectProblem(refused, 403, 'forbidden');
      expect(problem.detail).toBe('You can take out of a role only permissions you hold yourself.');
      expect(problem.errors).toEqual([
        expect.objectContaining({ path: 'body.permissions', message: expect.stringContaining('"billing"') }),
      ]);
      // Keeping what they do not hold and dropping "ignite", which they hold, is allowed.
      const trimmed = await api.call('PATCH', `/v2/client/roles/${role.id}`, {
        body: { permissions: ['webhooks', 'billing'] },
        token: admin.token,
      });
      expect(trimmed.status, JSON.stringify(trimmed.json)).toBe(200);
      expect([...(trimmed.json as Role).permissions].sort()).toEqual(['billing', 'webhooks']);
      // Renaming a role that holds what the admin does not is neither a grant nor a revoke.
      const renamed = await api.call('PATCH', `/v2/client/roles/${role.id}`, {
        body: { name: roleName('Trimmed') },
        token: admin.token,
      });
      expect(renamed.status).toBe(200);
      // Deleting it would take "webhooks" and "billing" out: refused; an owner may.
      const renamedRole = renamed.json as Role;
      const deleted = await api.call('DELETE', `/v2/client/roles/${role.id}`, {
        token: admin.token,
        headers: { 'if-match': `"${renamedRole.version}"` },
      });
      expect(expectProblem(deleted, 403, 'forbidden').detail).toMatch(
        /carries (webhooks, billing|billing, webhooks), which you do not hold/,
      );
      const ownDeletable = await createRole({ name: roleName('Mine'), permissions: ['ignite'] });
      expect(
        (
          await api.call('DELETE', `/v2/client/roles/${ownDeletable.id}`, {
            token: admin.token,
            headers: { 'if-match': `"${ownDeletable.version}"` },
          })
        ).status,
      ).toBe(204);
    });

    it('when an ADMIN assigns a role that grants what they do not hold (PUT member), then 403 and nothing changes', async () => {
      const target = await api.createUser({ email: email('escalation-put') });
      const before = await snapshot();
      const res = await assign(beyond.id, target.id, admin.token);
      expect(expectProblem(res, 403, 'forbidden').errors).toEqual([
        expect.objectContaining({ path: 'params.roleId', message: expect.stringContaining('webhooks') }),
      ]);
      expect(await snapshot()).toBe(before);
      expect((await assign(within.id, target.id, admin.token)).status).toBe(200);
    });

    it('when an ADMIN assigns such a role in bulk, then 403 naming body.add.N and no user changes', async () => {
      const a = await api.createUser({ email: email('escalation-bulk') });
      const b = await api.createUser({ email: email('escalation-bulk') });
      const before = await snapshot();
      const res = await api.call('POST', '/v2/client/role-assignments', {
        body: { userIds: [a.id, b.id], add: [within.id, beyond.id] },
        token: admin.token,
      });
      expect(expectProblem(res, 403, 'forbidden').errors).toEqual([expect.objectContaining({ path: 'body.add.1' })]);
      expect(await snapshot()).toBe(before);
    });

    it("when an ADMIN puts such a role in a user's groups (PATCH user), then 403 naming body.groups.N", async () => {
      const target = await api.createUser({ email: email('escalation-patch') });
      const before = await snapshot();
      const res = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
        body: { groups: [within.id, beyond.id] },
        token: admin.token,
      });
      expect(expectProblem(res, 403, 'forbidden').errors).toEqual([expect.objectContaining({ path: 'body.groups.1' })]);
      expect(await snapshot()).toBe(before);
    });

    it('when an ADMIN takes away a role that grants what they do not hold, then 403 naming it (ADR 017)', async () => {
      const target = await api.createUser({ email: email('descalation') });
      expect((await assign(beyond.id, target.id)).status).toBe(200);
      expect((await assign(within.id, target.id)).status).toBe(200);
      const before = await snapshot();
      const res = await api.call('DELETE', `/v2/client/roles/${beyond.id}/members/${target.id}`, {
        token: admin.token,
      });
      expect(expectProblem(res, 403, 'forbidden').errors).toEqual([
        expect.objectContaining({ path: 'params.roleId', message: expect.stringContaining('webhooks') }),
      ]);
      const bulk = await api.call('POST', '/v2/client/role-assignments', {
        body: { userIds: [target.id], remove: [within.id, beyond.id] },
        token: admin.token,
      });
      expect(expectProblem(bulk, 403, 'forbidden').errors).toEqual([
        expect.objectContaining({ path: 'body.remove.1', message: expect.stringContaining('webhooks') }),
      ]);
      const replaced = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
        body: { groups: [within.id] },
        token: admin.token,
      });
      expect(expectProblem(replaced, 403, 'forbidden').errors).toEqual([
        expect.objectContaining({ path: 'body.groups', message: expect.stringContaining('webhooks') }),
      ]);
      expect(await snapshot()).toBe(before);
      // A role whose permissions they hold, they take away.
      const ok = await api.call('DELETE', `/v2/client/roles/${within.id}/members/${target.id}`, { token: admin.token });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ groups: [beyond.id] });
    });

    it("when an ADMIN changes an OWNER's roles in any way, then 403 and nothing changes", async () => {
      const otherOwner = await api.createUser({ email: email('owner'), role: 'OWNER' });
      expect((await assign(beyond.id, otherOwner.id)).status).toBe(200);
      const before = await snapshot();
      expectProblem(await assign(within.id, otherOwner.id, admin.token), 403, 'forbidden');
      expectProblem(
        await api.call('DELETE', `/v2/client/roles/${beyond.id}/members/${otherOwner.id}`, { token: admin.token }),
        403,
        'forbidden',
      );
      const bulk = await api.call('POST', '/v2/client/role-assignments', {
        body: { userIds: [otherOwner.id], remove: [beyond.id] },
        token: admin.token,
      });
      const problem = expectProblem(bulk, 403, 'forbidden');
      expect(problem.errors?.[0]?.path).toBe('body.userIds.0');
      expect(problem.detail).toContain(otherOwner.email);
      expect(await snapshot()).toBe(before);
      // An OWNER may.
      expect((await assign(within.id, otherOwner.id, ownerToken)).status).toBe(200);
    });
  });

  describe('bulk role assignments', () => {
    it('when roles are added and removed on several users, then only changed users move version, each is audited, all are answered in order', async () => {
      const keep = await createRole({ name: roleName('Keep'), permissions: ['ignite'] });
      const add = await createRole({ name: roleName('Add'), permissions: ['journey'] });
      const drop = await createRole({ name: roleName('Drop'), permissions: ['billing'] });
      const holder = await api.createUser({ email: email('bulk') });
      await assign(add.id, holder.id);
      const heldAdd = await getUser(holder.id);
      const dropper = await api.createUser({ email: email('bulk') });
      await assign(keep.id, dropper.id);
      await assign(drop.id, dropper.id);
      const dropperBefore = await getUser(dropper.id);
      const fresh = await api.createUser({ email: email('bulk') });

      const res = await api.call('POST', '/v2/client/role-assignments', {
        body: { userIds: [fresh.id, holder.id, dropper.id], add: [add.id], remove: [drop.id] },
        token: ownerToken,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const items = (res.json as { items: User[] }).items.map((u) => userSchema.parse(u));
      expect(items.map((u) => u.id)).toEqual([fresh.id, holder.id, dropper.id]);
      expect(items[0]).toMatchObject({
        groups: [add.id],
        version: fresh.version + 1,
        effectivePermissions: ['journey'],
      });
      // The holder had "add" and no "drop": unchanged, same version, no event.
      expect(items[1]).toEqual(heldAdd);
      expect(items[2]?.groups.sort()).toEqual([keep.id, add.id].sort());
      expect(items[2]?.version).toBe(dropperBefore.version + 1);
      expect(items[2]?.effectivePermissions.sort()).toEqual(['ignite', 'journey']);
      expect(await events('user.roles_changed', fresh.id)).toHaveLength(1);
      expect(await events('user.roles_changed', holder.id)).toHaveLength(1); // from the assign above only
      expect((await events('user.roles_changed', dropper.id)).at(-1)?.after).toEqual({
        groups: [keep.id, add.id].sort(),
      });
    });

    it("when a role or user is unknown or another tenant's, then 404 naming each, and nothing changes", async () => {
      const role = await createRole({ name: roleName('Bulk404') });
      const user = await api.createUser({ email: email('bulk404') });
      const before = await snapshot();
      const res = await api.call('POST', '/v2/client/role-assignments', {
        body: { userIds: [user.id, UNKNOWN_ID], add: [role.id], remove: [UNKNOWN_ID] },
      });
      expect(expectProblem(res, 404, 'not_found').errors?.map((e) => e.path)).toEqual([
        'body.remove.0',
        'body.userIds.1',
      ]);
      const other = await api.call('POST', '/v2/client/role-assignments', {
        body: { userIds: [user.id], add: [role.id] },
        credentials: OTHER_TENANT_CREDENTIALS,
      });
      expect(expectProblem(other, 404, 'not_found').errors?.map((e) => e.path)).toEqual([
        'body.add.0',
        'body.userIds.0',
      ]);
      expect(await snapshot()).toBe(before);
    });

    it.each<[string, { userIds?: string[] | 'many'; add: string[]; remove?: string[] }, string]>([
      ['nothing to do', { add: [], remove: [] }, 'body.add'],
      ['a role both added and removed', { add: [UNKNOWN_ID], remove: [UNKNOWN_ID] }, 'body.remove'],
      ['a user twice', { userIds: [UNKNOWN_ID, UNKNOWN_ID], add: [UNKNOWN_ID] }, 'body.userIds'],
      ['1001 users', { userIds: 'many', add: [UNKNOWN_ID] }, 'body.userIds'],
    ])('when the bulk body has %s, then 400 naming the field', async (_label, patch, path) => {
      const userIds =
        patch.userIds === 'many'
          ? Array.from({ length: 1001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
          : (patch.userIds ?? [UNKNOWN_ID]);
      const res = await api.call('POST', '/v2/client/role-assignments', { body: { ...patch, userIds } });
      expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toContain(path);
    });

    it('when a role is added to 1000 users at once, then all hold it after one request', async () => {
      const role = await createRole({ name: roleName('Thousand'), permissions: ['ga4'] });
      const ids = (
        await iam.db.query<{ id: string }>(
          `insert into users (id, tenant_id, email, role, status)
           select gen_random_uuid(), $1, 'thousand-' || n || '@example.com', 'MEMBER', 'active' from generate_series(1, 1000) n
           returning id`,
          [iam.tenantId],
        )
      ).map((r) => r.id);
      const res = await api.call('POST', '/v2/client/role-assignments', { body: { userIds: ids, add: [role.id] } });
      expect(res.status).toBe(200);
      const items = (res.json as { items: User[] }).items;
      expect(items).toHaveLength(1000);
      expect(items.every((u) => u.effectivePermissions.includes('ga4') && u.version === 2)).toBe(true);
      expect((await getRole(role.id)).json).toMatchObject({ memberCount: 1000 });
      const audited = await iam.db.query<{ n: number }>(
        `select count(*)::int as n from audit_events where action = 'user.roles_changed' and target_id = any($1::text[])`,
        [ids],
      );
      expect(audited[0]?.n).toBe(1000);
    }, 60_000);
  });

  describe('delete', () => {
    it('when users hold the role, then 409 role_in_use says how many, and nothing changes', async () => {
      const role = await createRole({ name: roleName('Busy') });
      for (const n of [1, 2]) await assign(role.id, (await api.createUser({ email: email(`busy${n}`) })).id);
      const before = await snapshot();
      const res = await api.call('DELETE', `/v2/client/roles/${role.id}`, { token: ownerToken });
      expect(expectProblem(res, 409, 'role_in_use').detail).toMatch(/^2 users hold this role/);
      const falseForce = await api.call('DELETE', `/v2/client/roles/${role.id}?force=false`);
      expectProblem(falseForce, 409, 'role_in_use');
      expect(await snapshot()).toBe(before);
    });

    it('when the deletion impact is asked, then per permission it counts the members who hold it no other way', async () => {
      const role = await createRole({ name: roleName('Impact'), permissions: ['webhooks', 'ignite', 'journey'] });
      const other = await createRole({ name: roleName('Other'), permissions: ['journey'] });
      const direct = await api.createUser({ email: email('direct'), permissions: { ignite: true, webhooks: false } });
      const viaOther = await api.createUser({ email: email('via-other') });
      const plain = await api.createUser({ email: email('plain') });
      for (const u of [direct, viaOther, plain]) await assign(role.id, u.id);
      await assign(other.id, viaOther.id);
      const res = await api.call('GET', `/v2/client/roles/${role.id}/deletion-impact`, { token: ownerToken });
      expect(res.status).toBe(200);
      expect(roleDeletionImpactSchema.parse(res.json)).toEqual({
        roleId: role.id,
        memberCount: 3,
        losses: [
          { permission: 'ignite', users: 2 },
          { permission: 'journey', users: 2 },
          { permission: 'webhooks', users: 3 },
        ],
      });
      expectProblem(await api.call('GET', `/v2/client/roles/${UNKNOWN_ID}/deletion-impact`), 404, 'not_found');
    });

    it('when forced, then the role goes, its members lose it with a new version and an audit event, and it is 404 after', async () => {
      const role = await createRole({ name: roleName('Forced'), permissions: ['ignite'] });
      const keep = await createRole({ name: roleName('Kept'), permissions: ['journey'] });
      const a = await api.createUser({ email: email('forced') });
      await assign(role.id, a.id);
      await assign(keep.id, a.id);
      const aBefore = await getUser(a.id);
      const stale = await api.call('DELETE', `/v2/client/roles/${role.id}?force=true`, {
        headers: { 'if-match': '"9"' },
      });
      expect(expectProblem(stale, 412, 'precondition_failed').errors?.[0]?.path).toBe('header.if-match');

      const res = await api.call('DELETE', `/v2/client/roles/${role.id}?force=true`, {
        headers: { 'if-match': '"1"' },
        token: ownerToken,
      });
      expect(res.status).toBe(204);
      expectProblem(await getRole(role.id), 404, 'not_found');
      const aAfter = await getUser(a.id);
      expect(aAfter).toMatchObject({
        groups: [keep.id],
        effectivePermissions: ['journey'],
        version: aBefore.version + 1,
      });
      expect((await events('user.roles_changed', a.id)).at(-1)).toEqual({
        before: { groups: [role.id, keep.id].sort() },
        after: { groups: [keep.id] },
      });
      // The deleted role is still named in its members' events.
      const [names] = await iam.db.query<{ role_names: Record<string, string> }>(
        `select role_names from audit_events where action = 'user.roles_changed' and target_id = $1
          order by created_at desc limit 1`,
        [a.id],
      );
      expect(names?.role_names).toEqual({ [role.id]: role.name, [keep.id]: keep.name });
      expect((await events('role.deleted', role.id))[0]?.before).toMatchObject({ name: role.name, memberCount: 1 });
    });

    it('when a forced delete races assignments of the same role, then no 5xx, no deadlock, and no assignment outlives the role', async () => {
      for (let round = 0; round < 5; round++) {
        const role = await createRole({ name: roleName('Raced') });
        const users = await Promise.all([1, 2, 3].map(() => api.createUser({ email: email('raced') })));
        await assign(role.id, users[0]?.id as string);
        const results = await Promise.all([
          assign(role.id, users[1]?.id as string),
          // users[0] holds the role already: its PATCH rewrites the user's assignments.
          api.call('PATCH', `/v2/client/multi-user/${users[0]?.id}`, {
            body: { groups: [role.id], firstName: 'Raced' },
          }),
          api.call('DELETE', `/v2/client/roles/${role.id}?force=true`),
          api.call('POST', '/v2/client/role-assignments', {
            body: { userIds: users.map((u) => u.id), add: [role.id] },
          }),
        ]);
        const [put, patch, del, bulk] = results.map((r) => r.status);
        expect(del, JSON.stringify(results.map((r) => r.json))).toBe(204);
        expect([200, 404]).toContain(put);
        expect([200, 400]).toContain(patch);
        expect([200, 404]).toContain(bulk);
        const left = await iam.db.query('select 1 from user_roles where role_id = $1', [role.id]);
        expect(left).toEqual([]);
      }
    });

    it("when a role nobody holds is deleted, then 204 without force; unknown and other tenants' ids are 404", async () => {
      const role = await createRole({ name: roleName('Unused') });
      await expectUnknownToOtherTenant('DELETE', `/v2/client/roles/${role.id}`);
      expect((await api.call('DELETE', `/v2/client/roles/${role.id}`)).status).toBe(204);
      expectProblem(await api.call('DELETE', `/v2/client/roles/${role.id}`), 404, 'not_found');
      expectProblem(await api.call('DELETE', `/v2/client/roles/${role.id}?force=yes`), 400, 'validation_failed');
    });
  });

  describe('members', () => {
    it("when a role's members are listed, then by email with search, a keyset cursor and the total", async () => {
      const role = await createRole({ name: roleName('Listed') });
      const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
      for (const n of names) await assign(role.id, (await api.createUser({ email: `${n}.member@roles.example` })).id);
      await api.createUser({ email: 'zulu.nonmember@roles.example' });
      const path = `/v2/client/roles/${role.id}/members`;
      const first = await api.call('GET', `${path}?limit=2`, { token: ownerToken });
      expect(first.status).toBe(200);
      const page1 = userListSchema.parse(first.json);
      expect(page1.total).toBe(5);
      expect(page1.items.map((u) => u.email)).toEqual(['alpha.member@roles.example', 'bravo.member@roles.example']);
      const page2 = userListSchema.parse((await api.call('GET', `${path}?limit=2&cursor=${page1.nextCursor}`)).json);
      expect(page2.items.map((u) => u.email)).toEqual(['charlie.member@roles.example', 'delta.member@roles.example']);
      const page3 = userListSchema.parse((await api.call('GET', `${path}?limit=2&cursor=${page2.nextCursor}`)).json);
      expect(page3).toMatchObject({ nextCursor: null, total: 5 });
      expect(page3.items.map((u) => u.email)).toEqual(['echo.member@roles.example']);

      const searched = userListSchema.parse((await api.call('GET', `${path}?search=ARL`)).json);
      expect(searched).toMatchObject({
        total: 1,
        items: [expect.objectContaining({ email: 'charlie.member@roles.example' })],
      });

      expectProblem(await api.call('GET', `/v2/client/roles/${UNKNOWN_ID}/members`), 404, 'not_found');
      await expectUnknownToOtherTenant('GET', path);
      expectProblem(await api.call('GET', `${path}?limit=0&sort=name`), 400, 'validation_failed');
      expectProblem(await api.call('GET', `${path}?cursor=garbage`), 400, 'validation_failed');
    });
  });

  it('when the owner signs in, then their own roles are still effective on the session (findActive)', async () => {
    const role = await createRole({ name: roleName('Mine'), permissions: ['billing'] });
    await assign(role.id, owner.id);
    const me = userSchema.parse((await api.call('GET', '/v2/client/auth/me', { token: ownerToken })).json);
    expect(me.groups).toContain(role.id);
    expect(me.permissionSources.billing).toContainEqual({ type: 'role', roleId: role.id, roleName: role.name });
  });
});

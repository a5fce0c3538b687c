import {
  type AuditEvent,
  type AuditRevertPreview,
  auditEventPageSchema,
  auditEventSchema,
  auditRevertPreviewSchema,
  auditRevertResultSchema,
  type Organization,
  type Role,
  type User,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';
/** No actor token: a server-to-server call (the tenant's full rights). */
const SERVER_TO_SERVER = '';

describe.each(testDatabases)('revert from the audit log on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  let owner: User;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken, owner } = suite));

  /** An ADMIN holding ignite and journey (not Checkout), and a MEMBER, both signed in. */
  let admin: { user: User; token: string };
  let member: { user: User; token: string };
  beforeAll(async () => {
    admin = await api.createSignedIn({
      email: 'revert.admin@example.com',
      password: PASSWORD,
      role: 'ADMIN',
      permissions: { ignite: true, journey: true },
    });
    member = await api.createSignedIn({ email: 'revert.member@example.com', password: PASSWORD });
  });

  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;
  const userOf = async (id: string): Promise<User> => api.arrange('GET', `/v2/client/multi-user/${id}`);
  const eventCount = async () =>
    (await iam.db.query<{ n: number }>('select count(*)::int as n from audit_events'))[0]?.n ?? 0;

  /** The newest event of this action about this target (read server-to-server). */
  async function latest(action: string, targetType: string, targetId: string): Promise<AuditEvent> {
    const q = new URLSearchParams({ action, targetType, targetId, limit: '1' });
    const page = auditEventPageSchema.parse(await api.arrange('GET', `/v2/client/audit-events?${q}`));
    expect(page.items, `${action} on ${targetId}`).toHaveLength(1);
    return page.items[0] as AuditEvent;
  }

  const preview = (eventId: string, token = ownerToken) =>
    api.call('GET', `/v2/client/audit-events/${eventId}/revert-preview`, { token });
  const apply = (eventId: string, expected: string, token = ownerToken) =>
    api.call('POST', `/v2/client/audit-events/${eventId}/revert`, { token, body: { expected } });

  async function previewOk(eventId: string, token = ownerToken): Promise<AuditRevertPreview> {
    const res = await preview(eventId, token);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return auditRevertPreviewSchema.parse(res.json);
  }

  /** Preview, then apply with what it answered: the revert's event. */
  async function revert(eventId: string, token = ownerToken): Promise<AuditEvent> {
    const { expected } = await previewOk(eventId, token);
    const res = await apply(eventId, expected, token);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return auditRevertResultSchema.parse(res.json).event;
  }

  const grant = (userId: string, version: number, keys: string[], token = ownerToken) =>
    api.call('POST', '/v2/client/permission-changes', {
      token,
      body: { changes: [{ userId, version, grant: keys, revoke: [] }] },
    });

  /** A new user granted `keys` by the OWNER, and that event. */
  async function grantedByOwner(keys: string[]): Promise<{ bob: User; original: AuditEvent }> {
    const bob = await api.createUser({ email: email('bob') });
    const res = await grant(bob.id, bob.version, keys);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return { bob, original: await latest('user.permissions_changed', 'user', bob.id) };
  }

  async function role(permissions: string[]): Promise<Role> {
    return api.arrange('POST', '/v2/client/roles', { name: `Role ${++seq}`, permissions });
  }

  async function organization(): Promise<Organization> {
    return api.arrange('POST', '/v2/client/organizations', { name: `Org ${++seq}` });
  }

  describe('each kind of change', () => {
    it('when a permission grant is reverted, then the permission is off again, by a new linked event of the reverting person', async () => {
      const { bob, original } = await grantedByOwner(['Checkout']);
      expect(original.revertible).toBe(true);

      const p = await previewOk(original.id);
      expect(p).toMatchObject({
        eventId: original.id,
        target: { type: 'user', id: bob.id },
        changes: [{ field: 'permissions', current: { Checkout: true }, restored: { Checkout: false } }],
        conflicts: [],
      });
      const made = await revert(original.id);

      expect(made).toMatchObject({
        action: 'user.permissions_changed',
        revertsEventId: original.id,
        actor: { id: owner.id },
        target: { type: 'user', id: bob.id },
        changes: [{ field: 'permissions', before: { Checkout: true }, after: { Checkout: false } }],
      });
      expect((await userOf(bob.id)).effectivePermissions).not.toContain('Checkout');
      const reread = auditEventSchema.parse(await api.arrange('GET', `/v2/client/audit-events/${original.id}`));
      expect(reread).toMatchObject({ revertedByEventId: made.id, revertible: false });
    });

    it('when a role assignment is reverted, then the user no longer holds the role and keeps their other roles', async () => {
      const marketing = await role(['journey']);
      const sales = await role(['ignite']);
      const bob = await api.createUser({ email: email('bob') });
      await api.arrange('PUT', `/v2/client/roles/${marketing.id}/members/${bob.id}`);
      const original = await latest('user.roles_changed', 'user', bob.id);
      await api.arrange('PUT', `/v2/client/roles/${sales.id}/members/${bob.id}`);

      const p = await previewOk(original.id);
      expect(p.changes).toEqual([
        { field: 'groups', current: { [marketing.id]: true }, restored: { [marketing.id]: false } },
      ]);
      expect(p.roleNames).toEqual({ [marketing.id]: marketing.name });
      const made = await revert(original.id);

      expect(made).toMatchObject({ action: 'user.roles_changed', revertsEventId: original.id });
      expect((await userOf(bob.id)).groups).toEqual([sales.id]);
    });

    it('when an access level and status change is reverted, then both are as before', async () => {
      const bob = await api.createUser({ email: email('bob') });
      const changed = await api.call('PATCH', `/v2/client/multi-user/${bob.id}`, {
        token: ownerToken,
        body: { role: 'ADMIN', status: 'inactive', firstName: 'Robert' },
      });
      expect(changed.status, JSON.stringify(changed.json)).toBe(200);
      const original = await latest('user.updated', 'user', bob.id);

      const p = await previewOk(original.id);
      expect(p.changes).toEqual([
        { field: 'role', current: 'ADMIN', restored: 'MEMBER' },
        { field: 'status', current: 'inactive', restored: 'active' },
      ]);
      const made = await revert(original.id);

      expect(made).toMatchObject({ action: 'user.updated', revertsEventId: original.id });
      // The profile field of the same change is not a revert's business.
      expect(await userOf(bob.id)).toMatchObject({ role: 'MEMBER', status: 'active', firstName: 'Robert' });
    });

    it('when a replace (PUT) is reverted, then the access level and map are back and the profile stays as replaced', async () => {
      const bob = await api.createUser({ email: email('bob'), firstName: 'Bob', permissions: { journey: true } });
      const replaced = await api.call('PUT', `/v2/client/multi-user/${bob.id}`, {
        token: ownerToken,
        headers: { 'if-match': `"${bob.version}"` },
        body: { email: bob.email, role: 'ADMIN', firstName: 'Robert', permissions: { ignite: true } },
      });
      expect(replaced.status, JSON.stringify(replaced.json)).toBe(200);
      const original = await latest('user.replaced', 'user', bob.id);
      expect(original.revertible).toBe(true);

      const p = await previewOk(original.id);
      expect(p.changes).toEqual([
        { field: 'role', current: 'ADMIN', restored: 'MEMBER' },
        { field: 'permissions', current: { ignite: true, journey: false }, restored: { ignite: false, journey: true } },
      ]);
      const made = await revert(original.id);

      // Put back with a PATCH of the fields it changed: recorded as an update linked to the replace.
      expect(made).toMatchObject({ action: 'user.updated', revertsEventId: original.id });
      const now = await userOf(bob.id);
      expect(now).toMatchObject({ role: 'MEMBER', firstName: 'Robert' });
      expect(now.permissions).toMatchObject({ journey: true });
      expect(now.permissions.ignite).not.toBe(true);
    });

    it("when a role's permissions change is reverted, then the role carries what it carried before", async () => {
      const r = await role(['ignite', 'journey']);
      await api.call('PATCH', `/v2/client/roles/${r.id}`, {
        token: ownerToken,
        body: { permissions: ['ignite', 'Checkout'], description: 'Changed' },
      });
      const original = await latest('role.updated', 'role', r.id);

      const p = await previewOk(original.id);
      expect(p.changes).toEqual([
        { field: 'description', current: 'Changed', restored: null },
        {
          field: 'permissions',
          current: { Checkout: true, journey: false },
          restored: { Checkout: false, journey: true },
        },
      ]);
      const made = await revert(original.id);

      expect(made).toMatchObject({ action: 'role.updated', revertsEventId: original.id });
      const now: Role = await api.arrange('GET', `/v2/client/roles/${r.id}`);
      expect({ permissions: [...now.permissions].sort(), description: now.description }).toEqual({
        permissions: ['ignite', 'journey'],
        description: null,
      });
    });

    it('when membership events are reverted, then an added member leaves, a changed org role comes back and a removed member returns', async () => {
      const org = await organization();
      const carol = await api.createUser({ email: email('carol') });
      const dave = await api.createUser({ email: email('dave') });
      const members = `/v2/client/organizations/${org.id}/members`;
      const orgRoleOf = async (userId: string) => {
        const list: { items: { userId: string; orgRole: string }[] } = await api.arrange('GET', members);
        return list.items.find((m) => m.userId === userId)?.orgRole ?? null;
      };
      await api.arrange('POST', members, { userId: carol.id, orgRole: 'ORG_OWNER' });
      await api.call('POST', members, { token: ownerToken, body: { userId: dave.id, orgRole: 'ORG_MEMBER' } });
      const added = await latest('organization.member_added', 'organization', org.id);

      expect((await previewOk(added.id)).changes).toEqual([
        { field: 'orgRole', current: 'ORG_MEMBER', restored: null },
      ]);
      expect(await revert(added.id)).toMatchObject({ action: 'organization.member_removed', revertsEventId: added.id });
      expect(await orgRoleOf(dave.id)).toBeNull();

      await api.arrange('POST', members, { userId: dave.id, orgRole: 'ORG_MEMBER' });
      await api.call('PATCH', `${members}/${dave.id}`, { token: ownerToken, body: { orgRole: 'ORG_ADMIN' } });
      const changed = await latest('organization.member_role_changed', 'organization', org.id);
      expect(await revert(changed.id)).toMatchObject({ action: 'organization.member_role_changed' });
      expect(await orgRoleOf(dave.id)).toBe('ORG_MEMBER');

      await api.call('DELETE', `${members}/${dave.id}`, { token: ownerToken });
      const removed = await latest('organization.member_removed', 'organization', org.id);
      expect(await revert(removed.id)).toMatchObject({
        action: 'organization.member_added',
        revertsEventId: removed.id,
      });
      expect(await orgRoleOf(dave.id)).toBe('ORG_MEMBER');
    });
  });

  describe('refusals', () => {
    it('when an ADMIN reverts a grant of a permission they do not hold, then 403 on preview and apply, and nothing changes', async () => {
      const { bob, original } = await grantedByOwner(['Checkout']);
      const { expected } = await previewOk(original.id);
      const events = await eventCount();

      expectProblem(await preview(original.id, admin.token), 403, 'forbidden');
      expectProblem(await apply(original.id, expected, admin.token), 403, 'forbidden');

      expect((await userOf(bob.id)).permissions.Checkout).toBe(true);
      expect(await eventCount()).toBe(events);
    });

    it('when an ADMIN reverts a grant of a permission they hold, then it is reverted', async () => {
      const { bob, original } = await grantedByOwner(['ignite']);
      expect(await revert(original.id, admin.token)).toMatchObject({ actor: { id: admin.user.id } });
      expect((await userOf(bob.id)).permissions.ignite).toBe(false);
    });

    it('when an ADMIN reverts the revoke of a permission from themselves that they no longer hold, then 403 (no self-escalation)', async () => {
      const self = await api.createSignedIn({
        email: email('admin'),
        password: PASSWORD,
        role: 'ADMIN',
        permissions: { ignite: true, journey: true },
      });
      await api.arrange('POST', '/v2/client/permission-changes', {
        changes: [{ userId: self.user.id, version: self.user.version, grant: [], revoke: ['journey'] }],
      });
      const original = await latest('user.permissions_changed', 'user', self.user.id);

      expectProblem(await preview(original.id, self.token), 403, 'forbidden');
      expect((await userOf(self.user.id)).permissions.journey).toBe(false);
    });

    it('when an ADMIN reverts the promotion of an OWNER, then 403 (an ADMIN cannot change an OWNER)', async () => {
      const zoe = await api.createUser({ email: email('zoe') });
      await api.call('PATCH', `/v2/client/multi-user/${zoe.id}`, { token: ownerToken, body: { role: 'OWNER' } });
      const original = await latest('user.updated', 'user', zoe.id);
      expectProblem(await preview(original.id, admin.token), 403, 'forbidden');
      expect((await userOf(zoe.id)).role).toBe('OWNER');
    });

    it('when the revert would leave no active owner, then 409 last_owner', async () => {
      const zoe = await api.createUser({ email: email('zoe') });
      await api.call('PATCH', `/v2/client/multi-user/${zoe.id}`, { token: ownerToken, body: { role: 'OWNER' } });
      const original = await latest('user.updated', 'user', zoe.id);
      // Every other owner steps down, so zoe is the last active one.
      const others: { items: User[] } = await api.arrange('GET', '/v2/client/multi-user?role=OWNER&limit=100');
      const stepDown = others.items.filter((u) => u.id !== zoe.id);
      for (const u of stepDown) await api.arrange('PATCH', `/v2/client/multi-user/${u.id}`, { role: 'ADMIN' });
      try {
        expectProblem(await preview(original.id, SERVER_TO_SERVER), 409, 'last_owner');
        expect((await userOf(zoe.id)).role).toBe('OWNER');
      } finally {
        for (const u of stepDown) await api.arrange('PATCH', `/v2/client/multi-user/${u.id}`, { role: 'OWNER' });
      }
    });

    it('when a MEMBER reverts a change made to them, then they read the event but the revert is 403', async () => {
      await grant(member.user.id, (await userOf(member.user.id)).version, ['journey']);
      const original = await latest('user.permissions_changed', 'user', member.user.id);
      const read = await api.call('GET', `/v2/client/audit-events/${original.id}`, { token: member.token });
      expect(read.status).toBe(200);
      const { expected } = await previewOk(original.id);

      expectProblem(await preview(original.id, member.token), 403, 'forbidden');
      expectProblem(await apply(original.id, expected, member.token), 403, 'forbidden');
      expect((await userOf(member.user.id)).permissions.journey).toBe(true);
    });

    it("when another tenant's event is reverted, then 404 as for an id that does not exist", async () => {
      await addTenant(iam.db);
      const created = await api.call('POST', '/v2/client/multi-user', {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { email: 'stranger@other.example', password: PASSWORD },
      });
      const stranger = { json: created.json as User };
      const theirs = await api.call('PATCH', `/v2/client/multi-user/${stranger.json.id}`, {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { role: 'ADMIN' },
      });
      expect(theirs.status).toBe(200);
      const [row] = await iam.db.query<{ id: string }>(
        "select id from audit_events where action = 'user.updated' and target_id = $1",
        [stranger.json.id],
      );
      const id = row?.id as string;

      expectProblem(await preview(id), 404, 'not_found');
      expectProblem(await apply(id, 'role:x'), 404, 'not_found');
      expectProblem(await preview('00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      const other = await api.call('GET', `/v2/client/multi-user/${stranger.json.id}`, {
        credentials: OTHER_TENANT_CREDENTIALS,
      });
      expect(other.json).toMatchObject({ role: 'ADMIN' });
    });

    it('when an event is of a kind a revert cannot undo, then 409 not_revertible', async () => {
      const bob = await api.createUser({ email: email('bob') });
      const created = await latest('user.created', 'user', bob.id);
      expect(created.revertible).toBe(false);
      expectProblem(await preview(created.id), 409, 'not_revertible');
      expectProblem(await apply(created.id, 'x:y'), 409, 'not_revertible');

      await api.call('PATCH', `/v2/client/multi-user/${bob.id}`, { token: ownerToken, body: { firstName: 'Bobby' } });
      const renamed = await latest('user.updated', 'user', bob.id);
      expect(renamed.revertible).toBe(false);
      expectProblem(await preview(renamed.id), 409, 'not_revertible');
    });

    it('when the target was deleted, then 409 not_revertible naming it, not a 5xx', async () => {
      const { bob, original } = await grantedByOwner(['ignite']);
      const { expected } = await previewOk(original.id);
      await api.arrange('DELETE', `/v2/client/multi-user/${bob.id}`);

      const problem = expectProblem(await preview(original.id), 409, 'not_revertible');
      expect(problem.detail).toContain(bob.email);
      expect(problem.errors?.[0]?.code).toBe('target_gone');
      expectProblem(await apply(original.id, expected), 409, 'not_revertible');

      const r = await role(['ignite']);
      await api.arrange('PATCH', `/v2/client/roles/${r.id}`, { permissions: ['journey'] });
      const roleEvent = await latest('role.updated', 'role', r.id);
      await api.arrange('DELETE', `/v2/client/roles/${r.id}`);
      expectProblem(await preview(roleEvent.id), 409, 'not_revertible');
    });

    it('when a role the revert would give back was deleted, then 409 not_revertible naming the role', async () => {
      const r = await role(['journey']);
      const bob = await api.createUser({ email: email('bob'), groups: [r.id] });
      await api.arrange('DELETE', `/v2/client/roles/${r.id}/members/${bob.id}`);
      const original = await latest('user.roles_changed', 'user', bob.id);
      await api.arrange('DELETE', `/v2/client/roles/${r.id}`);

      const problem = expectProblem(await preview(original.id), 409, 'not_revertible');
      expect(problem.detail).toContain(r.name);
    });

    it('when the expected value is not from a preview of this event, then 400 naming body.expected', async () => {
      const { bob, original } = await grantedByOwner(['ignite']);
      const problem = expectProblem(await apply(original.id, 'role:abc~status:def'), 400, 'validation_failed');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.expected']);
      expectProblem(await apply(original.id, ''), 400, 'validation_failed');
      expect((await userOf(bob.id)).permissions.ignite).toBe(true);
    });
  });

  describe('conflicts and the confirm', () => {
    it('when the target changed since the event, then the preview names it, and applying with its expected value confirms', async () => {
      const { bob, original } = await grantedByOwner(['Checkout', 'ignite']);
      const now = await userOf(bob.id);
      await api.arrange('POST', '/v2/client/permission-changes', {
        changes: [{ userId: bob.id, version: now.version, grant: [], revoke: ['ignite'] }],
      });

      const p = await previewOk(original.id);
      expect(p.changes).toEqual([{ field: 'permissions', current: { Checkout: true }, restored: { Checkout: false } }]);
      expect(p.conflicts).toEqual([{ field: 'permissions', expected: { ignite: true }, current: { ignite: false } }]);
      await apply(original.id, p.expected).then((res) => expect(res.status).toBe(201));

      expect((await userOf(bob.id)).permissions).toMatchObject({ Checkout: false, ignite: false });
    });

    it('when the target changes after the preview, then apply is 409 revert_conflict naming the field, again after a stale confirm, until a fresh preview', async () => {
      const bob = await api.createUser({ email: email('bob') });
      await api.call('PATCH', `/v2/client/multi-user/${bob.id}`, { token: ownerToken, body: { role: 'ADMIN' } });
      const original = await latest('user.updated', 'user', bob.id);
      const first = await previewOk(original.id);
      expect(first.conflicts).toEqual([]);

      await api.arrange('PATCH', `/v2/client/multi-user/${bob.id}`, { role: 'OWNER' });
      const stale = expectProblem(await apply(original.id, first.expected), 409, 'revert_conflict');
      expect(stale.errors?.map((e) => e.path)).toEqual(['role']);
      expect((await userOf(bob.id)).role).toBe('OWNER');

      const second = await previewOk(original.id);
      expect(second.conflicts).toEqual([{ field: 'role', expected: 'ADMIN', current: 'OWNER' }]);
      expect(second.changes).toEqual([{ field: 'role', current: 'OWNER', restored: 'MEMBER' }]);
      await api.arrange('PATCH', `/v2/client/multi-user/${bob.id}`, { role: 'ADMIN' });
      expectProblem(await apply(original.id, second.expected), 409, 'revert_conflict');

      const third = await previewOk(original.id);
      expect((await apply(original.id, third.expected)).status).toBe(201);
      expect((await userOf(bob.id)).role).toBe('MEMBER');
    });

    it('when a preview is asked, then nothing changes (its change is rolled back)', async () => {
      const { bob, original } = await grantedByOwner(['ignite']);
      const before = await userOf(bob.id);
      const events = await eventCount();
      await previewOk(original.id);
      expect(await userOf(bob.id)).toEqual(before);
      expect(await eventCount()).toBe(events);
    });

    it('when the target is already as before the event, then the preview shows no change and apply is 409 not_revertible', async () => {
      const { bob, original } = await grantedByOwner(['ignite']);
      await api.arrange('POST', '/v2/client/permission-changes', {
        changes: [{ userId: bob.id, version: (await userOf(bob.id)).version, grant: [], revoke: ['ignite'] }],
      });
      const p = await previewOk(original.id);
      expect(p.changes).toEqual([]);
      expectProblem(await apply(original.id, p.expected), 409, 'not_revertible');
    });
  });

  describe('one revert per event', () => {
    it('when an event is reverted twice, then the second is 409 naming the first revert', async () => {
      const { original } = await grantedByOwner(['ignite']);
      const { expected } = await previewOk(original.id);
      const made = await revert(original.id);

      const again = expectProblem(await apply(original.id, expected), 409, 'not_revertible');
      expect(again.detail).toContain(made.id);
      expect(again.errors?.[0]?.code).toBe('already_reverted');
      expectProblem(await preview(original.id), 409, 'not_revertible');
    });

    it('when two reverts of one event race, then exactly one is applied and linked', async () => {
      const { original } = await grantedByOwner(['ignite']);
      const { expected } = await previewOk(original.id);

      const answers = await Promise.all([apply(original.id, expected), apply(original.id, expected)]);

      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const links = await iam.db.query('select id from audit_events where reverts_event_id = $1', [original.id]);
      expect(links).toHaveLength(1);
    });

    it('when a revert is itself reverted, then the change is made again, linked to the revert', async () => {
      const { bob, original } = await grantedByOwner(['ignite']);
      const undo = await revert(original.id);
      const redo = await revert(undo.id);
      expect(redo.revertsEventId).toBe(undo.id);
      expect((await userOf(bob.id)).permissions.ignite).toBe(true);
    });
  });

  describe('organization admins', () => {
    it('when an ORG_ADMIN reverts a membership change in their organization, then it is reverted; in another, 404', async () => {
      const mine = await organization();
      const theirs = await organization();
      const orgAdmin = await api.createSignedIn({ email: email('orgadmin'), password: PASSWORD });
      const erin = await api.createUser({ email: email('erin') });
      await api.arrange('POST', `/v2/client/organizations/${mine.id}/members`, {
        userId: orgAdmin.user.id,
        orgRole: 'ORG_ADMIN',
      });
      await api.arrange('POST', `/v2/client/organizations/${mine.id}/members`, { userId: erin.id });
      await api.arrange('POST', `/v2/client/organizations/${theirs.id}/members`, { userId: erin.id });
      const inMine = await latest('organization.member_added', 'organization', mine.id);
      const inTheirs = await latest('organization.member_added', 'organization', theirs.id);

      expect(await revert(inMine.id, orgAdmin.token)).toMatchObject({ actor: { id: orgAdmin.user.id } });
      expectProblem(await preview(inTheirs.id, orgAdmin.token), 404, 'not_found');
    });
  });
});

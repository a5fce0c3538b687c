import {
  type BulkAction,
  type BulkChange,
  type BulkPlan,
  type BulkResult,
  bulkPlanSchema,
  bulkResultSchema,
  routes,
  type User,
} from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * Bulk actions on members (issue 18): the dry run says exactly what the apply then does, per action;
 * who is skipped and why; a bulk change racing a single edit; tenant scoping; refusals named.
 */
const PASSWORD = 'a long enough password';

describe.each(testDatabases)('bulk actions on members on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;

  /** A group of members only this test's filter matches: diverse states for every action. */
  async function group() {
    const { api } = suite;
    const tag = `grp${++seq}x`;
    const role = await api.arrange('POST', '/v2/client/roles', { name: `Role ${tag}`, permissions: ['ignite'] });
    const org = await api.arrange('POST', '/v2/client/organizations', { name: `Org ${tag}`, slug: `org-${tag}` });
    const mk = (name: string, body: Record<string, unknown>) =>
      api.createUser({ email: `${name}.${tag}@example.com`, firstName: name, lastName: tag, ...body });
    const active = await mk('active', { permissions: { ignite: true } });
    const inactive = await mk('inactive', { groups: [(role as { id: string }).id] });
    await api.arrange('PATCH', `/v2/client/multi-user/${inactive.id}`, { status: 'inactive' });
    const admin = await mk('admin', { role: 'ADMIN' });
    const owner = await mk('owner', { role: 'OWNER' });
    await api.arrange('POST', `/v2/client/organizations/${(org as { id: string }).id}/members`, {
      userId: active.id,
      orgRole: 'ORG_OWNER',
    });
    await api.arrange('POST', `/v2/client/organizations/${(org as { id: string }).id}/members`, {
      userId: admin.id,
      orgRole: 'ORG_MEMBER',
    });
    return {
      tag,
      roleId: (role as { id: string }).id,
      orgId: (org as { id: string }).id,
      members: { active, inactive, admin, owner },
    };
  }

  /** What a member is, as far as any bulk action can change it. */
  async function stateOf(tag: string) {
    return suite.iam.db.query(
      `select u.email, u.status, u.role, u.permissions, u.version,
              coalesce((select json_agg(ur.role_id order by ur.role_id) from user_roles ur where ur.user_id = u.id), '[]') as roles,
              coalesce((select json_agg(json_build_object('org', m.organization_id, 'role', m.org_role) order by m.organization_id)
                          from organization_members m where m.user_id = u.id), '[]') as orgs
         from users u where u.tenant_id = $1 and u.email like $2 order by u.email`,
      [suite.iam.tenantId, `%.${tag}@example.com`],
    );
  }

  const post = (path: string, body: unknown, token: string | undefined = suite.ownerToken) =>
    suite.api.call('POST', path, { token, body });
  async function dryRun(body: BulkChange, token?: string): Promise<BulkPlan> {
    const res = await post(routes.planBulkChange.path, body, token);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return bulkPlanSchema.parse(res.json);
  }
  async function apply(body: BulkChange, token?: string): Promise<BulkResult & { requestId: string }> {
    const res = await post(routes.applyBulkChange.path, body, token);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return { ...bulkResultSchema.parse(res.json), requestId: res.headers.get('x-request-id') as string };
  }

  const actions: [string, (g: Awaited<ReturnType<typeof group>>) => BulkAction, number][] = [
    ['activate', () => ({ type: 'activate' }), 1],
    ['deactivate', () => ({ type: 'deactivate' }), 3],
    ['setAccessLevel', () => ({ type: 'setAccessLevel', role: 'ADMIN' }), 3],
    ['addRoles', (g) => ({ type: 'addRoles', roleIds: [g.roleId] }), 3],
    ['removeRoles', (g) => ({ type: 'removeRoles', roleIds: [g.roleId] }), 1],
    ['addToOrganization', (g) => ({ type: 'addToOrganization', organizationId: g.orgId, orgRole: 'ORG_ADMIN' }), 2],
    ['removeFromOrganization', (g) => ({ type: 'removeFromOrganization', organizationId: g.orgId }), 1],
    ['grantPermissions', () => ({ type: 'grantPermissions', keys: ['ignite', 'billing'] }), 3],
    ['revokePermissions', () => ({ type: 'revokePermissions', keys: ['ignite'] }), 1],
    ['delete', () => ({ type: 'delete' }), 3],
  ];

  it.each(actions)(
    'when %s is applied to a filter, then it changes exactly what its dry run said, audits each member, and its undo restores them',
    async (_name, actionOf, expectedChanges) => {
      const g = await group();
      const body: BulkChange = { selection: { filter: { search: g.tag } }, action: actionOf(g) };
      const before = await stateOf(g.tag);
      const plan = await dryRun(body);
      expect(plan.total).toBe(4);
      expect(plan.changed).toBe(expectedChanges);
      expect(plan.changed + plan.skipped).toBe(4);
      // The dry run changed nothing.
      expect(await stateOf(g.tag)).toEqual(before);

      const result = await apply(body);
      const { changedUserIds, undo, requestId: _id, ...applied } = result;
      expect(applied).toEqual(plan);
      expect(changedUserIds).toHaveLength(plan.changed);
      const after = await stateOf(g.tag);
      const changedEmails = new Set(
        Object.values(g.members)
          .filter((m) => changedUserIds.includes(m.id))
          .map((m) => m.email),
      );
      // Exactly the changed members differ; the skipped ones are as they were.
      for (const row of before as { email: string }[]) {
        const now = (after as { email: string }[]).find((r) => r.email === row.email);
        if (changedEmails.has(row.email)) expect(now).not.toEqual(row);
        else expect(now).toEqual(row);
      }
      // One audit event per member changed, in the apply's request (its own core's event).
      const primary = {
        addToOrganization: 'organization.member_added',
        removeFromOrganization: 'organization.member_removed',
        delete: 'user.deleted',
      }[body.action.type as string];
      const events = await suite.iam.db.query<{ n: number }>(
        'select count(*)::int as n from audit_events where request_id = $1 and action = $2',
        [result.requestId, primary ?? 'user.updated'],
      );
      expect(events[0]?.n).toBe(plan.changed);

      if (body.action.type === 'delete') {
        expect(undo).toEqual([]);
        return;
      }
      expect(undo.flatMap((s) => s.selection.userIds).sort()).toEqual([...changedUserIds].sort());
      for (const step of undo) {
        const back = await apply(step);
        expect(back.changed).toBe(step.selection.userIds.length);
      }
      const restored = (await stateOf(g.tag)) as { version: number }[];
      const strip = (rows: unknown[]) => (rows as { version: number }[]).map(({ version: _v, ...rest }) => rest);
      // Revoked permissions come back as granted and granted ones as revoked (false, not absent).
      const normalise = (rows: unknown[]) =>
        strip(rows).map((r) => ({
          ...r,
          permissions: Object.fromEntries(
            Object.entries((r as { permissions: Record<string, boolean> }).permissions).filter(([, on]) => on),
          ),
        }));
      expect(normalise(restored)).toEqual(normalise(before as unknown[]));
    },
  );

  it('when an ADMIN plans, then OWNERs, themselves, what they do not hold and the unchanged are skipped with reasons', async () => {
    const g = await group();
    const { api } = suite;
    const me = await api.createSignedIn({
      email: `me.${g.tag}@example.com`,
      password: PASSWORD,
      role: 'ADMIN',
      permissions: { ignite: true },
    });
    const grant = await dryRun(
      { selection: { filter: { search: g.tag } }, action: { type: 'grantPermissions', keys: ['ignite', 'billing'] } },
      me.token,
    );
    const reasons = Object.fromEntries(grant.skippedReasons.map((r) => [r.reason, r]));
    expect(grant.total).toBe(5);
    expect(reasons.owner?.sample.map((m) => m.email)).toEqual([g.members.owner.email]);
    expect(reasons.forbidden?.count).toBe(4);
    expect(reasons.forbidden?.sample[0]?.detail).toBe('You do not hold "billing", so you cannot grant it');
    expect(grant.changed).toBe(0);

    const deactivate = await dryRun(
      { selection: { filter: { search: g.tag } }, action: { type: 'deactivate' } },
      me.token,
    );
    const why = Object.fromEntries(deactivate.skippedReasons.map((r) => [r.reason, r.sample.map((m) => m.email)]));
    expect(why).toEqual({
      self: [me.user.email],
      owner: [g.members.owner.email],
      unchanged: [g.members.inactive.email],
    });
    expect(deactivate.changed).toBe(2);
    expect(deactivate.sample.map((m) => m.detail)).toEqual(['active → inactive', 'active → inactive']);

    // Applying as the ADMIN applies the same: the skipped stay untouched.
    const result = await apply({ selection: { filter: { search: g.tag } }, action: { type: 'deactivate' } }, me.token);
    expect(result.changedUserIds.sort()).toEqual([g.members.active.id, g.members.admin.id].sort());
  });

  it('when every owner is selected for deactivation, then the last active one is skipped as the last owner', async () => {
    // A tenant of its own, server-to-server (no actor, so no "self"): the owner rule alone keeps one.
    const credentials = { apiKey: 'ak_bulk_owners_0003', apiSecret: 'as_bulk_owners_secret_long_enough_0003' };
    await addTenant(suite.iam.db, credentials, { email: 'first@owners.example', password: 'first owner password' });
    for (const name of ['second', 'third']) {
      const res = await suite.api.call('POST', '/v2/client/multi-user', {
        credentials,
        body: { email: `${name}@owners.example`, password: PASSWORD, role: 'OWNER' },
      });
      expect(res.status).toBe(201);
    }
    const body: BulkChange = { selection: { filter: { role: 'OWNER' } }, action: { type: 'deactivate' } };
    const plan = bulkPlanSchema.parse(
      (await suite.api.call('POST', routes.planBulkChange.path, { credentials, body })).json,
    );
    expect(plan).toMatchObject({ total: 3, changed: 2, skipped: 1 });
    expect(plan.skippedReasons).toEqual([expect.objectContaining({ reason: 'last_owner', count: 1 })]);
    const res = await suite.api.call('POST', routes.applyBulkChange.path, { credentials, body });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const { changedUserIds: _c, undo: _u, ...applied } = bulkResultSchema.parse(res.json);
    expect(applied).toEqual(plan);
    const active = await suite.iam.db.query(
      `select u.email from users u join tenants t on t.id = u.tenant_id
        where t.api_key = $1 and u.role = 'OWNER' and u.status = 'active'`,
      [credentials.apiKey],
    );
    expect(active).toHaveLength(1);
  });

  it('when a single edit races a bulk change, then versions guard both ways', async () => {
    const g = await group();
    const { active, admin } = g.members;
    const body: BulkChange = { selection: { userIds: [active.id, admin.id] }, action: { type: 'deactivate' } };
    const plan = await dryRun(body);
    expect(plan.changed).toBe(2);
    // A single edit lands between the dry run and the apply: the apply re-plans and skips it.
    const edited = await suite.api.call('PATCH', `/v2/client/multi-user/${active.id}`, {
      token: suite.ownerToken,
      body: { status: 'inactive' },
      headers: { 'if-match': `"${active.version}"` },
    });
    expect(edited.status).toBe(200);
    const result = await apply(body);
    expect(result.changedUserIds).toEqual([admin.id]);
    expect(result.skippedReasons).toEqual([expect.objectContaining({ reason: 'unchanged', count: 1 })]);
    // A single edit made from the version loaded before the bulk change is refused: 412.
    const stale = await suite.api.call('PATCH', `/v2/client/multi-user/${admin.id}`, {
      token: suite.ownerToken,
      body: { firstName: 'Stale' },
      headers: { 'if-match': `"${admin.version}"` },
    });
    expectProblem(stale, 412, 'precondition_failed');
  });

  it("when a selection names another tenant's member, then 404 names the entry; a filter never reaches another tenant", async () => {
    const g = await group();
    await addTenant(suite.iam.db, OTHER_TENANT_CREDENTIALS, {
      email: `owner.${g.tag}@example.com`,
      password: 'another owner password',
    });
    const theirs = await suite.api.call('GET', '/v2/client/multi-user', { credentials: OTHER_TENANT_CREDENTIALS });
    const other = (theirs.json as { items: User[] }).items[0] as User;
    const res = await post(routes.applyBulkChange.path, {
      selection: { userIds: [g.members.active.id, other.id] },
      action: { type: 'deactivate' },
    });
    const problem = expectProblem(res, 404, 'not_found');
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.selection.userIds.1']);
    expect((await stateOf(g.tag)).map((r) => (r as { status: string }).status)).toContain('active');
    // The same search matches the other tenant's owner there, and only our four here.
    const plan = await dryRun({ selection: { filter: { search: g.tag } }, action: { type: 'delete' } });
    expect(plan.total).toBe(4);
  });

  it('when a MEMBER asks, then 403 and nothing changes', async () => {
    const g = await group();
    const member = await suite.api.createSignedIn({ email: `member.${g.tag}@example.com`, password: PASSWORD });
    const body = { selection: { filter: { search: g.tag } }, action: { type: 'delete' } };
    const before = await stateOf(g.tag);
    expectProblem(await post(routes.planBulkChange.path, body, member.token), 403, 'forbidden');
    expectProblem(await post(routes.applyBulkChange.path, body, member.token), 403, 'forbidden');
    expect(await stateOf(g.tag)).toEqual(before);
  });

  it('when a request is wrong, then problem+json names the field', async () => {
    const g = await group();
    const sel = { filter: { search: g.tag } };
    const named = async (body: unknown, status: number, code: string) =>
      expectProblem(await post(routes.applyBulkChange.path, body), status, code).errors?.map((e) => e.path);
    expect(
      await named(
        { selection: sel, action: { type: 'addRoles', roleIds: ['00000000-0000-4000-8000-000000000000'] } },
        400,
        'validation_failed',
      ),
    ).toEqual(['body.action.roleIds.0']);
    expect(
      await named(
        { selection: sel, action: { type: 'grantPermissions', keys: ['ignite', 'nope'] } },
        400,
        'validation_failed',
      ),
    ).toEqual(['body.action.keys.1']);
    expect(
      await named(
        {
          selection: sel,
          action: { type: 'removeFromOrganization', organizationId: '00000000-0000-4000-8000-000000000000' },
        },
        404,
        'not_found',
      ),
    ).toEqual(['body.action.organizationId']);
    expect(await named({ selection: sel, action: { type: 'explode' } }, 400, 'validation_failed')).toEqual([
      'body.action.type',
    ]);
    expect(
      await named({ selection: sel, action: { type: 'setAccessLevel', role: 'KING' } }, 400, 'validation_failed'),
    ).toEqual(['body.action.role']);
    expect(await named({ selection: {}, action: { type: 'delete' } }, 400, 'validation_failed')).toEqual([
      'body.selection',
    ]);
    expect(
      await named(
        { selection: { filter: { status: 'asleep' } }, action: { type: 'delete' } },
        400,
        'validation_failed',
      ),
    ).toEqual(['body.selection.filter.status']);
    // The owner signed in is still there: nothing above changed anything.
    const me = await suite.api.call('GET', '/v2/client/auth/me', { token: suite.ownerToken });
    expect((me.json as User).email).toBe(TEST_OWNER.email);
  });
});

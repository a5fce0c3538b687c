import { randomUUID } from 'node:crypto';
import {
  type PermissionCheckResult,
  type PermissionChecksResult,
  type Role,
  routes,
  type User,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient, iamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { racingDatabase, useTwoIams } from '../../testing/races.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * `POST /v2/client/permission-checks` (ADR 047) through the real HTTP API on PGlite and
 * PostgreSQL: every grant path and its explanation (direct, each role, the OWNER access level),
 * what refuses (deactivated, invited, unknown key, unknown or other tenant's user, nothing
 * granted), the audit events that made the grants, a revoke refused at the next check, bad input,
 * and who may call it.
 */

const PASSWORD = 'a checks password';
type Pair = { userId: string; permission: string };

const check = (api: IamClient, checks: Pair[], options: { explain?: boolean; token?: string } = {}) =>
  api.route(routes.checkPermissions, {
    body: { checks, ...(options.explain ? { explain: true } : {}) },
    ...(options.token ? { token: options.token } : {}),
  });

async function results(api: IamClient, checks: Pair[], explain = true, token?: string) {
  const res = await check(api, checks, { explain, ...(token ? { token } : {}) });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (res.json as PermissionChecksResult).results;
}

describe.each(testDatabases)('permission checks on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  const api = () => suite.api;
  const sql = <T>(text: string, params: unknown[] = []) => suite.iam.db.query<T>(text, params);
  let sales: Role;
  let beta: Role;
  let member: User;
  let plain: User;
  let off: User;
  let invited: User;
  let admin: { user: User; token: string };
  let memberToken = '';
  let orgAdminToken = '';
  let otherTenantUserId = '';
  let directEvent = '';
  let salesEvent = '';

  const eventOf = async (action: string, userId: string) => {
    const [row] = await sql<{ id: string }>(
      `select id from audit_events where action = $1 and target_id = $2 order by created_at desc, id desc limit 1`,
      [action, userId],
    );
    return row?.id as string;
  };

  beforeAll(async () => {
    await addTenant(suite.iam.db);
    const other = await api().route(routes.createUser, {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { email: 'x@other.example', password: PASSWORD, permissions: { Checkout: true } },
    });
    otherTenantUserId = (other.json as User).id;

    sales = await api().arrange('POST', '/v2/client/roles', { name: 'Sales', permissions: ['Checkout', 'payments'] });
    beta = await api().arrange('POST', '/v2/client/roles', { name: 'Beta', permissions: ['Checkout'] });

    // The member: ignite directly (granted after creation, so the grant is its own event), Checkout
    // through two roles, payments through Sales.
    const signedIn = await api().createSignedIn({ email: 'member@checks.example', password: PASSWORD });
    memberToken = signedIn.token;
    member = signedIn.user;
    const granted = await api().arrange('POST', '/v2/client/permission-changes', {
      changes: [{ userId: member.id, version: member.version, grant: ['ignite'] }],
    });
    expect((granted as { items: User[] }).items[0]?.permissions.ignite).toBe(true);
    directEvent = await eventOf('user.permissions_changed', member.id);
    await api().arrange('POST', '/v2/client/role-assignments', { userIds: [member.id], add: [sales.id] });
    salesEvent = await eventOf('user.roles_changed', member.id);
    await api().arrange('POST', '/v2/client/role-assignments', { userIds: [member.id], add: [beta.id] });

    plain = await api().createUser({ email: 'plain@checks.example' });
    off = await api().createUser({ email: 'off@checks.example', permissions: { ignite: true } });
    await api().arrange('PATCH', `/v2/client/multi-user/${off.id}`, { status: 'inactive' });
    invited = await api().createUser({ email: 'invited@checks.example', permissions: { ignite: true } });
    await sql(`update users set status = 'invited' where id = $1`, [invited.id]);

    admin = await api().createSignedIn({ email: 'admin@checks.example', password: PASSWORD, role: 'ADMIN' });
    const orgAdmin = await api().createSignedIn({ email: 'org-admin@checks.example', password: PASSWORD });
    orgAdminToken = orgAdmin.token;
    await api().arrange('POST', '/v2/client/organizations', { name: 'Checks org', ownerUserId: orgAdmin.user.id });
  });

  it('when a member holds a key directly and through two roles, then it is allowed with each grant and the event that made it', async () => {
    const [checkout, ignite, payments, journey] = await results(api(), [
      { userId: member.id, permission: 'Checkout' },
      { userId: member.id, permission: 'ignite' },
      { userId: member.id, permission: 'payments' },
      { userId: member.id, permission: 'journey' },
    ]);
    // Roles by name: Beta before Sales; each names the event that gave the member the role.
    const betaEvent = await eventOf('user.roles_changed', member.id);
    expect(betaEvent).not.toBe(salesEvent);
    expect(checkout).toEqual({
      userId: member.id,
      permission: 'Checkout',
      allowed: true,
      reasons: [
        { type: 'role', role: { id: beta.id, name: 'Beta' }, auditEventId: betaEvent },
        { type: 'role', role: { id: sales.id, name: 'Sales' }, auditEventId: salesEvent },
      ],
    });
    expect(ignite).toEqual({
      userId: member.id,
      permission: 'ignite',
      allowed: true,
      reasons: [{ type: 'direct', auditEventId: directEvent }],
    });
    expect(payments?.reasons).toEqual([
      { type: 'role', role: { id: sales.id, name: 'Sales' }, auditEventId: salesEvent },
    ]);
    expect(journey).toEqual({
      userId: member.id,
      permission: 'journey',
      allowed: false,
      reasons: [{ type: 'not_granted' }],
    });
  });

  it('when a user was created with a grant, then the direct reason names the creation event', async () => {
    const created = await api().createUser({ email: 'born@checks.example', permissions: { journey: true } });
    const [result] = await results(api(), [{ userId: created.id, permission: 'journey' }]);
    expect(result?.reasons).toEqual([{ type: 'direct', auditEventId: await eventOf('user.created', created.id) }]);
  });

  it('when the event that made a grant is no longer retained, then the grant still counts and names no event', async () => {
    const kept = await api().createUser({ email: 'old@checks.example', permissions: { journey: true } });
    await sql(`delete from audit_events where target_id = $1`, [kept.id]);
    const [result] = await results(api(), [{ userId: kept.id, permission: 'journey' }]);
    expect(result).toMatchObject({ allowed: true, reasons: [{ type: 'direct', auditEventId: null }] });
  });

  it('when the user is an OWNER, then every catalog key is allowed by the access level, and an unknown key is not', async () => {
    const [held, unknown] = await results(api(), [
      { userId: suite.owner.id, permission: 'Checkout' },
      { userId: suite.owner.id, permission: 'rocket-science' },
    ]);
    expect(held).toMatchObject({ allowed: true, reasons: [{ type: 'access_level', accessLevel: 'OWNER' }] });
    expect(unknown).toMatchObject({ allowed: false, reasons: [{ type: 'unknown_permission' }] });
  });

  it('when the user is deactivated or has not joined, then nothing is allowed, and the grants they keep are named with the reason', async () => {
    const [deactivated, pending] = await results(api(), [
      { userId: off.id, permission: 'ignite' },
      { userId: invited.id, permission: 'ignite' },
    ]);
    expect(deactivated).toMatchObject({
      allowed: false,
      reasons: [{ type: 'direct', auditEventId: expect.any(String) }, { type: 'deactivated' }],
    });
    expect(pending).toMatchObject({
      allowed: false,
      reasons: [{ type: 'direct', auditEventId: expect.any(String) }, { type: 'invitation_pending' }],
    });
  });

  it("when the user is unknown or another tenant's, then it is unknown_user, never an error that tells them apart", async () => {
    const [missing, elsewhere, nothing] = await results(api(), [
      { userId: randomUUID(), permission: 'Checkout' },
      { userId: otherTenantUserId, permission: 'Checkout' },
      { userId: plain.id, permission: 'Checkout' },
    ]);
    expect(missing).toMatchObject({ allowed: false, reasons: [{ type: 'unknown_user' }] });
    expect(elsewhere).toMatchObject({ allowed: false, reasons: [{ type: 'unknown_user' }] });
    expect(nothing).toMatchObject({ allowed: false, reasons: [{ type: 'not_granted' }] });
  });

  it('when explain is not asked, then each result carries only allowed, in the order asked (a pair may repeat)', async () => {
    const pairs = [
      { userId: plain.id, permission: 'Checkout' },
      { userId: member.id, permission: 'Checkout' },
      { userId: suite.owner.id, permission: 'payments' },
      { userId: member.id, permission: 'Checkout' },
      { userId: off.id, permission: 'ignite' },
    ];
    const answered = await results(api(), pairs, false);
    expect(answered).toEqual(pairs.map((p, i) => ({ ...p, allowed: [false, true, true, true, false][i] })));
    expect(answered.every((r: PermissionCheckResult) => r.reasons === undefined)).toBe(true);
  });

  it('when 1,000 pairs are checked, then 1,000 results come back in order', async () => {
    const pairs = Array.from({ length: 1000 }, (_, i) => ({
      userId: i % 2 ? member.id : plain.id,
      permission: i % 3 ? 'Checkout' : 'ignite',
    }));
    const answered = await results(api(), pairs, true);
    expect(answered).toHaveLength(1000);
    answered.forEach((r, i) => {
      expect(r.userId).toBe(pairs[i]?.userId);
      expect(r.allowed).toBe(i % 2 === 1);
    });
  });

  it('when a grant is revoked, a role taken away or a role loses the key, then the very next check refuses it', async () => {
    const user = await api().createUser({ email: 'revoked@checks.example', permissions: { journey: true } });
    const role: Role = await api().arrange('POST', '/v2/client/roles', { name: 'Temp', permissions: ['export'] });
    await api().arrange('POST', '/v2/client/role-assignments', { userIds: [user.id], add: [role.id] });
    const pairs = [
      { userId: user.id, permission: 'journey' },
      { userId: user.id, permission: 'export' },
    ];
    expect((await results(api(), pairs, false)).map((r) => r.allowed)).toEqual([true, true]);

    const current = (await api().call('GET', `/v2/client/multi-user/${user.id}`)).json as User;
    await api().arrange('POST', '/v2/client/permission-changes', {
      changes: [{ userId: user.id, version: current.version, grant: [], revoke: ['journey'] }],
    });
    expect((await results(api(), pairs, false)).map((r) => r.allowed)).toEqual([false, true]);

    await api().arrange('PATCH', `/v2/client/roles/${role.id}`, { permissions: ['journey'] });
    expect((await results(api(), pairs, false)).map((r) => r.allowed)).toEqual([true, false]);

    await api().arrange('POST', '/v2/client/role-assignments', { userIds: [user.id], remove: [role.id] });
    expect((await results(api(), pairs, false)).map((r) => r.allowed)).toEqual([false, false]);
  });

  it('when the body is bad, then 400 names the field', async () => {
    const bad = async (body: unknown, path: string) => {
      const res = await api().call('POST', '/v2/client/permission-checks', { body });
      const problem = expectProblem(res, 400, 'validation_failed');
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    };
    const pair = { userId: member.id, permission: 'Checkout' };
    await bad({ checks: Array.from({ length: 1001 }, () => pair) }, 'body.checks');
    await bad({ checks: [] }, 'body.checks');
    await bad({ checks: [{ userId: 'not-a-uuid', permission: 'Checkout' }] }, 'body.checks.0.userId');
    await bad({ checks: [pair, { userId: member.id }] }, 'body.checks.1.permission');
    await bad({ checks: [pair], explain: 'yes' }, 'body.explain');
    await bad({ checks: [pair], tenantId: randomUUID() }, 'body.tenantId');
    await bad({}, 'body.checks');
  });

  describe('who may check', () => {
    const pairs = () => [{ userId: member.id, permission: 'Checkout' }];
    it('when server to server, the OWNER or an ADMIN checks, then 200', async () => {
      for (const token of [undefined, suite.ownerToken, admin.token]) {
        const [result] = await results(api(), pairs(), true, token);
        expect(result?.allowed).toBe(true);
      }
    });
    it('when a MEMBER or an organization admin (a tenant MEMBER) checks, then 403', async () => {
      for (const token of [memberToken, orgAdminToken]) {
        expectProblem(await check(api(), pairs(), { token }), 403, 'forbidden');
      }
    });
    it("when another tenant's credentials check this tenant's user, then unknown_user", async () => {
      const res = await api().route(routes.checkPermissions, {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { checks: pairs(), explain: true },
      });
      expect(res.status).toBe(200);
      expect((res.json as PermissionChecksResult).results[0]).toMatchObject({
        allowed: false,
        reasons: [{ type: 'unknown_user' }],
      });
    });
    it('when the credentials are wrong or missing, then 401', async () => {
      const res = await api().route(routes.checkPermissions, {
        credentials: { apiKey: 'ak_test', apiSecret: 'wrong secret that is long enough' },
        body: { checks: pairs() },
      });
      expectProblem(res, 401, 'client_auth_required');
      const none = await fetch(`${suite.iam.url}/v2/client/permission-checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ checks: pairs() }),
      });
      expect(none.status).toBe(401);
    });
  });
});

/**
 * Two IAM instances on one PostgreSQL database: a grant revoked through one is refused by the
 * other at its very next check (nothing is cached; each check is one statement on the database).
 */
describe.runIf(racingDatabase)('permission checks on two IAM instances', () => {
  const iams = useTwoIams();

  it('when a grant is revoked on one instance, then the other refuses it at its next check', async () => {
    const a = iamClient(iams.first.url);
    const b = iamClient(iams.second.url);
    const user = await a.createUser({ email: 'two@checks.example', permissions: { journey: true } });
    const role: Role = await a.arrange('POST', '/v2/client/roles', { name: 'Two', permissions: ['export'] });
    await a.arrange('POST', '/v2/client/role-assignments', { userIds: [user.id], add: [role.id] });
    const pairs = [
      { userId: user.id, permission: 'journey' },
      { userId: user.id, permission: 'export' },
    ];
    expect((await results(b, pairs, false)).map((r) => r.allowed)).toEqual([true, true]);

    const current = (await a.call('GET', `/v2/client/multi-user/${user.id}`)).json as User;
    await a.arrange('POST', '/v2/client/permission-changes', {
      changes: [{ userId: user.id, version: current.version, revoke: ['journey'] }],
    });
    expect((await results(b, pairs, false)).map((r) => r.allowed)).toEqual([false, true]);

    await a.arrange('POST', '/v2/client/role-assignments', { userIds: [user.id], remove: [role.id] });
    expect((await results(b, pairs, false)).map((r) => r.allowed)).toEqual([false, false]);

    await a.arrange('PATCH', `/v2/client/multi-user/${user.id}`, { status: 'inactive' });
    await a.arrange('POST', '/v2/client/role-assignments', { userIds: [user.id], add: [role.id] });
    expect((await results(b, pairs, false)).map((r) => r.allowed)).toEqual([false, false]);
  });
});

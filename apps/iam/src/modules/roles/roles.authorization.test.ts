import { randomUUID } from 'node:crypto';
import { permissionKeys, type Role, type User } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';

type ActorName =
  | 'OWNER'
  | 'ADMIN'
  | 'server-to-server'
  | 'MEMBER'
  | 'ORG_ADMIN of this org'
  | 'ORG_ADMIN of another org'
  | 'another tenant';

interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What each endpoint's call needs: a fresh role held by a fresh user, so every call starts alike. */
interface Fixture {
  role: Role;
  member: User;
  outsider: User;
}

/** Every roles endpoint, with the status an actor who may use it gets. */
const endpoints: { name: string; ok: number; call: (f: Fixture, n: number) => Call; tenantWide?: true }[] = [
  { name: 'listRoles', ok: 200, call: () => ({ method: 'GET', path: '/v2/client/roles' }), tenantWide: true },
  {
    name: 'createRole',
    ok: 201,
    call: (_f, n) => ({
      method: 'POST',
      path: '/v2/client/roles',
      body: { name: `Created ${n}`, permissions: ['ignite'] },
    }),
    tenantWide: true,
  },
  { name: 'getRole', ok: 200, call: (f) => ({ method: 'GET', path: `/v2/client/roles/${f.role.id}` }) },
  {
    name: 'updateRole',
    ok: 200,
    call: (f) => ({
      method: 'PATCH',
      path: `/v2/client/roles/${f.role.id}`,
      body: { description: 'changed', permissions: ['journey'] },
      headers: { 'if-match': '"1"' },
    }),
  },
  {
    name: 'deleteRole',
    ok: 204,
    call: (f) => ({
      method: 'DELETE',
      path: `/v2/client/roles/${f.role.id}?force=true`,
      headers: { 'if-match': '"1"' },
    }),
  },
  {
    name: 'getRoleDeletionImpact',
    ok: 200,
    call: (f) => ({ method: 'GET', path: `/v2/client/roles/${f.role.id}/deletion-impact` }),
  },
  { name: 'listRoleMembers', ok: 200, call: (f) => ({ method: 'GET', path: `/v2/client/roles/${f.role.id}/members` }) },
  {
    name: 'assignRole',
    ok: 200,
    call: (f) => ({ method: 'PUT', path: `/v2/client/roles/${f.role.id}/members/${f.outsider.id}` }),
  },
  {
    name: 'unassignRole',
    ok: 200,
    call: (f) => ({ method: 'DELETE', path: `/v2/client/roles/${f.role.id}/members/${f.member.id}` }),
  },
  {
    name: 'changeRoleAssignments',
    ok: 200,
    call: (f) => ({
      method: 'POST',
      path: '/v2/client/role-assignments',
      body: { userIds: [f.outsider.id, f.member.id], add: [f.role.id] },
    }),
  },
];

const actors: ActorName[] = [
  'OWNER',
  'ADMIN',
  'server-to-server',
  'MEMBER',
  'ORG_ADMIN of this org',
  'ORG_ADMIN of another org',
  'another tenant',
];

/** The expected status of each endpoint for each actor (the table the issue asks for). */
function expected(actor: ActorName, endpoint: (typeof endpoints)[number]): number {
  if (actor === 'OWNER' || actor === 'ADMIN' || actor === 'server-to-server') return endpoint.ok;
  // Another tenant's credentials reach only their own tenant: our ids are unknown there.
  if (actor === 'another tenant') return endpoint.tenantWide ? endpoint.ok : 404;
  // A MEMBER, even one who administers an organization, has no say over the tenant's roles.
  return 403;
}

describe.each(testDatabases)('roles authorization table on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));
  const tokens = new Map<ActorName, string | undefined>();
  let seq = 0;

  beforeAll(async () => {
    await addTenant(iam.db);
    const signedIn = (role: 'ADMIN' | 'MEMBER', permissions: Record<string, boolean> = {}) =>
      api.createSignedIn({
        email: `${role.toLowerCase()}.${++seq}@example.com`,
        password: PASSWORD,
        role,
        permissions,
      });
    tokens.set('OWNER', await api.signIn(TEST_OWNER.email, TEST_OWNER.password));
    // The ADMIN holds every permission, so only their access level decides.
    tokens.set('ADMIN', (await signedIn('ADMIN', Object.fromEntries(permissionKeys.map((k) => [k, true])))).token);
    tokens.set('server-to-server', undefined);
    tokens.set('another tenant', undefined);
    tokens.set('MEMBER', (await signedIn('MEMBER')).token);
    // The organizations module is written elsewhere: org admins are made directly in its tables.
    for (const [actor, org] of [
      ['ORG_ADMIN of this org', 'this'],
      ['ORG_ADMIN of another org', 'another'],
    ] as const) {
      const { user, token } = await signedIn('MEMBER');
      const orgId = randomUUID();
      await iam.db.query('insert into organizations (id, tenant_id, name, slug) values ($1, $2, $3, $4)', [
        orgId,
        iam.tenantId,
        `${org} org`,
        `${org}-org`,
      ]);
      await iam.db.query(
        `insert into organization_members (tenant_id, organization_id, user_id, org_role) values ($1, $2, $3, 'ORG_ADMIN')`,
        [iam.tenantId, orgId, user.id],
      );
      tokens.set(actor, token);
    }
  });

  async function fixture(): Promise<Fixture> {
    const res = await api.call('POST', '/v2/client/roles', {
      body: { name: `Fixture ${++seq}`, permissions: ['ignite'] },
    });
    expect(res.status).toBe(201);
    const role = res.json as Role;
    const member = await api.createUser({ email: `member.${++seq}@example.com` });
    expect((await api.call('PUT', `/v2/client/roles/${role.id}/members/${member.id}`)).status).toBe(200);
    const outsider = await api.createUser({ email: `outsider.${++seq}@example.com` });
    return { role, member, outsider };
  }

  /** Our tenant's roles, assignments, user versions and events: what a refused call must not touch. */
  const snapshot = async () =>
    JSON.stringify(
      await iam.db.query(
        `select (select json_agg(json_build_object('id', id, 'v', version) order by id) from roles where tenant_id = $1) as roles,
                (select count(*)::int from user_roles where tenant_id = $1) as assignments,
                (select sum(version)::int from users where tenant_id = $1) as versions,
                (select count(*)::int from audit_events where tenant_id = $1 and action <> 'auth.signed_in') as events`,
        [iam.tenantId],
      ),
    );

  describe.each(endpoints)('$name', (endpoint) => {
    it.each(actors)('as %s', async (actor) => {
      const f = await fixture();
      const call = endpoint.call(f, ++seq);
      const status = expected(actor, endpoint);
      const before = await snapshot();
      const res = await api.call(call.method, call.path, {
        body: call.body,
        headers: call.headers,
        token: tokens.get(actor),
        credentials: actor === 'another tenant' ? OTHER_TENANT_CREDENTIALS : undefined,
      });
      if (status >= 400) {
        expectProblem(res, status, status === 403 ? 'forbidden' : 'not_found');
        expect(await snapshot()).toBe(before);
      } else {
        expect(res.status, JSON.stringify(res.json)).toBe(status);
      }
      if (actor === 'another tenant') {
        // Whatever it did, it did in its own tenant, and it saw nothing of ours.
        expect(await snapshot()).toBe(before);
        expect(JSON.stringify(res.json ?? '')).not.toContain(f.role.id);
      }
    });
  });
});

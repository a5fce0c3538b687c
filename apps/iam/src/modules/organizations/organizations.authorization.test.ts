import { type Organization, organizationListSchema, type RouteName, routes, type User } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeAuthorizationTable,
  expectTableCovers,
  organizationsXAndY,
  type TableRow,
} from '../../testing/authorization-table.ts';
import type { CallOptions, IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * The authorization table: every organizations endpoint × every kind of caller → the
 * status. Each case gets fresh organizations X and Y; a refused write must leave the tenant's
 * organizations, memberships and audit trail exactly as they were.
 */

const ACTORS = [
  'OWNER',
  'ADMIN',
  'MEMBER',
  'ORG_OWNER of X',
  'ORG_ADMIN of X',
  'ORG_ADMIN of Y',
  'other tenant',
  'ORG_USER_MANAGER of X',
] as const;
type ActorName = (typeof ACTORS)[number];

interface Fixture {
  tag: string;
  x: Organization;
  y: Organization;
}

interface Row extends TableRow<Fixture> {
  route: RouteName;
}

const PASSWORD = 'a long enough password';

describe.each(testDatabases)('organizations authorization table on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));
  let seq = 0;
  const auth = {} as Record<ActorName, CallOptions>;
  const users = {} as {
    xOwner: User;
    xAdmin: User;
    yAdmin: User;
    xManager: User;
    target: User;
    candidate: User;
    foreign: User;
  };

  beforeAll(async () => {
    const signedIn = (role: 'ADMIN' | 'MEMBER', name: string) =>
      api.createSignedIn({ email: `${name}@example.com`, password: PASSWORD, role });
    const admin = await signedIn('ADMIN', 'admin');
    const member = await signedIn('MEMBER', 'member');
    const xOwner = await signedIn('MEMBER', 'x-owner');
    const xAdmin = await signedIn('MEMBER', 'x-admin');
    const yAdmin = await signedIn('MEMBER', 'y-admin');
    const xManager = await signedIn('MEMBER', 'x-manager');
    Object.assign(auth, {
      OWNER: { token: await api.signIn(TEST_OWNER.email, TEST_OWNER.password) },
      ADMIN: { token: admin.token },
      MEMBER: { token: member.token },
      'ORG_OWNER of X': { token: xOwner.token },
      'ORG_ADMIN of X': { token: xAdmin.token },
      'ORG_ADMIN of Y': { token: yAdmin.token },
      'other tenant': { credentials: OTHER_TENANT_CREDENTIALS },
      'ORG_USER_MANAGER of X': { token: xManager.token },
    } satisfies Record<ActorName, CallOptions>);
    await addTenant(iam.db);
    const foreign = await api.call('POST', '/v2/client/multi-user', {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { email: 'foreign@other.example', password: PASSWORD },
    });
    Object.assign(users, {
      xOwner: xOwner.user,
      xAdmin: xAdmin.user,
      yAdmin: yAdmin.user,
      xManager: xManager.user,
      target: await api.createUser({ email: 'target@example.com' }),
      candidate: await api.createUser({ email: 'candidate@example.com' }),
      foreign: foreign.json,
    });
  });

  async function fixture(): Promise<Fixture> {
    const tag = `authz${++seq}q`;
    const { x, y } = await organizationsXAndY(api, tag, users);
    await api.arrange('POST', `/v2/client/organizations/${x.id}/members`, {
      userId: users.target.id,
      orgRole: 'ORG_MEMBER',
    });
    await api.arrange('POST', `/v2/client/organizations/${x.id}/members`, {
      userId: users.xManager.id,
      orgRole: 'ORG_USER_MANAGER',
    });
    return { tag, x, y };
  }

  /** The tenant's organizations, memberships and audit events, as text to compare. */
  async function snapshot(): Promise<string> {
    const rows = await iam.db.query(
      `select
         (select coalesce(json_agg(o order by o.id), '[]') from
            (select id, name, slug, description, version from organizations where tenant_id = $1) o) as organizations,
         (select coalesce(json_agg(m order by m.organization_id, m.user_id), '[]') from
            (select organization_id, user_id, org_role from organization_members where tenant_id = $1) m) as members,
         (select count(*)::int from audit_events where tenant_id = $1) as events`,
      [iam.tenantId],
    );
    return JSON.stringify(rows);
  }

  const org = (id: string) => `/v2/client/organizations/${id}`;
  //                                        OWNER ADMIN MEMBER O_OWN_X O_ADM_X O_ADM_Y other O_UM_X
  const table: Row[] = [
    {
      route: 'listOrganizations',
      label: 'list organizations',
      expected: [200, 200, 200, 200, 200, 200, 200, 200],
      request: (f) => ({ method: 'GET', path: `/v2/client/organizations?search=${f.tag}` }),
    },
    {
      route: 'createOrganization',
      label: 'create an organization',
      expected: [201, 201, 403, 403, 403, 403, 201, 403],
      request: (f) => ({ method: 'POST', path: '/v2/client/organizations', body: { name: `${f.tag} new` } }),
    },
    {
      route: 'getOrganization',
      label: 'read X',
      expected: [200, 200, 404, 200, 200, 404, 404, 200],
      request: (f) => ({ method: 'GET', path: org(f.x.id) }),
    },
    {
      route: 'updateOrganization',
      label: "change X's details",
      expected: [200, 200, 404, 200, 403, 404, 404, 403],
      request: (f) => ({ method: 'PATCH', path: org(f.x.id), body: { description: 'changed' } }),
    },
    {
      route: 'deleteOrganization',
      label: 'delete X',
      expected: [204, 204, 404, 403, 403, 404, 404, 403],
      request: (f) => ({ method: 'DELETE', path: org(f.x.id) }),
    },
    {
      route: 'listOrganizationMembers',
      label: "list X's members",
      expected: [200, 200, 404, 200, 200, 404, 404, 200],
      request: (f) => ({ method: 'GET', path: `${org(f.x.id)}/members` }),
    },
    {
      route: 'addOrganizationMember',
      label: 'add an existing user to X',
      expected: [201, 201, 404, 403, 403, 404, 404, 403],
      request: (f) => ({ method: 'POST', path: `${org(f.x.id)}/members`, body: { userId: users.candidate.id } }),
    },
    {
      route: 'updateOrganizationMember',
      label: "change an ORG_MEMBER's org role in X",
      expected: [200, 200, 404, 200, 200, 404, 404, 403],
      request: (f) => ({
        method: 'PATCH',
        path: `${org(f.x.id)}/members/${users.target.id}`,
        body: { orgRole: 'ORG_ADMIN' },
      }),
    },
    {
      route: 'updateOrganizationMember',
      label: "change the org role in X of Y's admin (not a member of X)",
      expected: [404, 404, 404, 404, 404, 404, 404, 404],
      request: (f) => ({
        method: 'PATCH',
        path: `${org(f.x.id)}/members/${users.yAdmin.id}`,
        body: { orgRole: 'ORG_MEMBER' },
      }),
    },
    {
      route: 'removeOrganizationMember',
      label: 'remove an ORG_MEMBER from X',
      expected: [204, 204, 404, 204, 204, 404, 404, 204],
      request: (f) => ({ method: 'DELETE', path: `${org(f.x.id)}/members/${users.target.id}` }),
    },
    {
      route: 'removeOrganizationMember',
      label: 'remove the ORG_ADMIN of X',
      expected: [204, 204, 404, 204, 204, 404, 404, 403],
      request: (f) => ({ method: 'DELETE', path: `${org(f.x.id)}/members/${users.xAdmin.id}` }),
    },
    {
      route: 'updateOrganizationMember',
      label: 'make an ORG_MEMBER of X its ORG_USER_MANAGER',
      expected: [200, 200, 404, 200, 200, 404, 404, 403],
      request: (f) => ({
        method: 'PATCH',
        path: `${org(f.x.id)}/members/${users.target.id}`,
        body: { orgRole: 'ORG_USER_MANAGER' },
      }),
    },
    {
      route: 'removeOrganizationMember',
      label: "remove another tenant's user from X",
      expected: [404, 404, 404, 404, 404, 404, 404, 404],
      request: (f) => ({ method: 'DELETE', path: `${org(f.x.id)}/members/${users.foreign.id}` }),
    },
    {
      route: 'listUserOrganizations',
      label: "read an ORG_MEMBER's organizations",
      expected: [200, 200, 403, 403, 403, 403, 404, 403],
      request: () => ({ method: 'GET', path: `/v2/client/multi-user/${users.target.id}/organizations` }),
    },
  ];

  /** Which of X and Y each caller's list shows. */
  const listed: Record<ActorName, ('X' | 'Y')[]> = {
    OWNER: ['X', 'Y'],
    ADMIN: ['X', 'Y'],
    MEMBER: [],
    'ORG_OWNER of X': ['X'],
    'ORG_ADMIN of X': ['X'],
    'ORG_ADMIN of Y': ['Y'],
    'other tenant': [],
    'ORG_USER_MANAGER of X': ['X'],
  };

  it('when the table is read, then it covers every organizations endpoint of the contract', () => {
    expectTableCovers(
      table,
      (r) => r.tag === 'organizations' || r.operationId === routes.listUserOrganizations.operationId,
    );
  });

  describeAuthorizationTable(table, {
    actors: ACTORS,
    fixture,
    snapshot,
    call: (actor, { method, path, body }) => api.call(method, path, { ...auth[actor], body }),
    // Any 2xx write by one of our tenant's callers changes our tenant.
    changes: (_row, actor, { method }, res) => method !== 'GET' && res.status < 300 && actor !== 'other tenant',
    check: (row, actor, res, f) => {
      if (row.route === 'listOrganizations') {
        const names = organizationListSchema.parse(res.json).items.map((o) => o.name.slice(f.tag.length + 1));
        expect(names).toEqual(listed[actor]);
      }
    },
  });
});

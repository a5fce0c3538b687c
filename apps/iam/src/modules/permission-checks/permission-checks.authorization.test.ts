import { permissionChecksResultSchema, type RouteName, type User } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeAuthorizationTable, expectTableCovers, type TableRow } from '../../testing/authorization-table.ts';
import type { CallOptions } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * The permission-checks area × every kind of caller → the status (ADR 047): server to server (the
 * client's apps), the OWNER and an ADMIN check; a MEMBER and an organization admin (a tenant
 * MEMBER) are refused; another tenant's credentials see none of this tenant's users. A check
 * changes nothing, answered or refused.
 */

const ACTORS = ['OWNER', 'ADMIN', 'server-to-server', 'MEMBER', 'ORG_ADMIN', 'other tenant'] as const;
type ActorName = (typeof ACTORS)[number];

interface Fixture {
  holder: User;
}

interface Row extends TableRow<Fixture> {
  route: RouteName;
}

const PASSWORD = 'a long enough password';

describe.each(testDatabases)('permission checks authorization on $name', (database) => {
  const suite = useTestIam(database);
  const auth = {} as Record<ActorName, CallOptions>;
  let holder: User;

  beforeAll(async () => {
    const api = suite.api;
    await addTenant(suite.iam.db);
    holder = await api.createUser({ email: 'holder@table.example', permissions: { ignite: true } });
    const admin = await api.createSignedIn({ email: 'admin@table.example', password: PASSWORD, role: 'ADMIN' });
    const member = await api.createSignedIn({ email: 'member@table.example', password: PASSWORD });
    const orgAdmin = await api.createSignedIn({ email: 'org-admin@table.example', password: PASSWORD });
    await api.arrange('POST', '/v2/client/organizations', { name: 'Table org', ownerUserId: orgAdmin.user.id });
    auth.OWNER = { token: await api.signIn(TEST_OWNER.email, TEST_OWNER.password) };
    auth.ADMIN = { token: admin.token };
    auth['server-to-server'] = {};
    auth.MEMBER = { token: member.token };
    auth.ORG_ADMIN = { token: orgAdmin.token };
    auth['other tenant'] = { credentials: OTHER_TENANT_CREDENTIALS };
  });

  const table: Row[] = [
    {
      route: 'checkPermissions',
      label: 'check a held permission',
      expected: [200, 200, 200, 403, 403, 200],
      request: (f) => ({
        method: 'POST',
        path: '/v2/client/permission-checks',
        body: { checks: [{ userId: f.holder.id, permission: 'ignite' }] },
      }),
    },
    {
      route: 'checkPermissions',
      label: 'check with the explanation',
      expected: [200, 200, 200, 403, 403, 200],
      request: (f) => ({
        method: 'POST',
        path: '/v2/client/permission-checks',
        body: { checks: [{ userId: f.holder.id, permission: 'ignite' }], explain: true },
      }),
    },
  ];

  it('when the table is read, then it covers every permission-checks endpoint of the contract', () => {
    expectTableCovers(table, (r) => r.tag === 'permission-checks');
  });

  describeAuthorizationTable(table, {
    actors: ACTORS,
    fixture: async () => ({ holder }),
    snapshot: async () =>
      JSON.stringify(
        await suite.iam.db.query(
          `select (select count(*) from audit_events)::int as events,
                  (select string_agg(id::text || version, ',' order by id) from users) as users`,
        ),
      ),
    call: (actor, { method, path, body }) => suite.api.call(method, path, { ...auth[actor], body }),
    changes: () => false,
    check: (_row, actor, res) => {
      if (res.status !== 200) return;
      const [result] = permissionChecksResultSchema.parse(res.json).results;
      // Another tenant's credentials never reach this tenant's users.
      expect(result?.allowed).toBe(actor !== 'other tenant');
    },
  });
});

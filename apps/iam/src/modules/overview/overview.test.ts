import { type Overview, routes } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { overviewQueries } from './repository.ts';

/**
 * `GET /v2/client/overview` (ADR 040) through the real HTTP API on PGlite and PostgreSQL: each
 * figure equals what the arranged data says, another tenant's data counts nowhere, and only an
 * OWNER or ADMIN (or a server-to-server call) reads it.
 */

const PASSWORD = 'an overview password';
const DAY = 86_400_000;

describe.each(testDatabases)('the overview on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  const api = () => suite.api;
  const sql = (text: string, params: unknown[] = []) => suite.iam.db.query(text, params);
  let adminToken = '';
  let memberToken = '';
  let orgAdminToken = '';
  let changedRoleId = '';

  const overview = async (token?: string, credentials?: typeof OTHER_TENANT_CREDENTIALS) => {
    const res = await api().route(routes.getOverview, {
      ...(token ? { token } : {}),
      ...(credentials ? { credentials } : {}),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as Overview;
  };

  beforeAll(async () => {
    // Another tenant, with members, roles, an organization, invitations and sign-ins of its own.
    await addTenant(suite.iam.db);
    const other = { credentials: OTHER_TENANT_CREDENTIALS };
    for (const name of ['x1', 'x2', 'x3']) {
      await api().route(routes.createUser, {
        ...other,
        body: { email: `${name}@other.example`, password: PASSWORD, permissions: { ignite: true } },
      });
    }
    await api().route(routes.createRole, { ...other, body: { name: 'Elsewhere', permissions: ['Checkout'] } });
    await api().route(routes.createOrganization, { ...other, body: { name: 'Other org' } });
    await api().route(routes.createInvitation, { ...other, body: { email: 'invitee@other.example' } });
    await api()
      .signIn('x1@other.example', PASSWORD)
      .catch(() => undefined);

    // This tenant: the OWNER (seeded), an ADMIN with two-step, four MEMBERs.
    const admin = await api().createSignedIn({
      email: 'admin@overview.example',
      password: PASSWORD,
      role: 'ADMIN',
      permissions: { ignite: true },
    });
    adminToken = admin.token;
    await sql('update users set mfa = true where id = $1', [admin.user.id]);
    const member = await api().createSignedIn({
      email: 'member@overview.example',
      password: PASSWORD,
      permissions: { payments: true },
    });
    memberToken = member.token;
    const away = await api().createUser({ email: 'away@overview.example', permissions: { ignite: true } });
    const gone = await api().createUser({ email: 'gone@overview.example' });
    const off = await api().createUser({ email: 'off@overview.example', permissions: { ignite: true } });
    await sql(`update users set status = 'inactive' where id = $1`, [off.id]);
    // Last signed in 45 and 120 days ago: inactive for 30 days, and the second also for 90.
    await sql(`update users set last_login_at = now() - interval '45 days' where id = $1`, [away.id]);
    await sql(`update users set last_login_at = now() - interval '120 days' where id = $1`, [gone.id]);

    // A role granting payments (the member already holds it directly: counted once) and Checkout.
    const role = await api().arrange('POST', '/v2/client/roles', {
      name: 'Sales',
      permissions: ['payments', 'Checkout'],
    });
    changedRoleId = (role as { id: string }).id;
    await api().arrange('POST', '/v2/client/role-assignments', {
      userIds: [member.user.id, away.id],
      add: [changedRoleId],
    });
    await api().arrange('POST', '/v2/client/roles', { name: 'Unused', permissions: [] });

    // An organization whose admin is a tenant MEMBER (an org admin).
    const orgAdmin = await api().createSignedIn({ email: 'org-admin@overview.example', password: PASSWORD });
    orgAdminToken = orgAdmin.token;
    await api().arrange('POST', '/v2/client/organizations', { name: 'Overview org', ownerUserId: orgAdmin.user.id });

    // Invitations: one pending for a week, one running out within 72 hours, one expired, one revoked.
    const invite = async (email: string) =>
      (await api().arrange('POST', '/v2/client/invitations', { email })) as { id: string };
    await invite('week@overview.example');
    const soon = await invite('soon@overview.example');
    await sql(`update invitations set expires_at = now() + interval '24 hours' where id = $1`, [soon.id]);
    const expired = await invite('expired@overview.example');
    await sql(`update invitations set expires_at = now() - interval '1 hour' where id = $1`, [expired.id]);
    const revoked = await invite('revoked@overview.example');
    await api().arrange('POST', `/v2/client/invitations/${revoked.id}/revoke`);

    // Sign-ins: today's (the owner, the admin, the member, the org admin) and two earlier ones,
    // one inside the 30 days and one outside.
    const [tenant] = (await sql(`select tenant_id from users where email = 'admin@overview.example'`)) as {
      tenant_id: string;
    }[];
    await sql(
      `insert into audit_events (id, tenant_id, action, target_type, created_at)
       values (gen_random_uuid(), $1, 'auth.signed_in', 'user', now() - interval '3 days'),
              (gen_random_uuid(), $1, 'auth.signed_in', 'user', now() - interval '40 days')`,
      [tenant?.tenant_id],
    );
  });

  it('when the OWNER asks, then every figure is what the data says, and nothing of the other tenant counts', async () => {
    const o = await overview(suite.ownerToken);
    // owner, admin, member, away, gone, off, org admin
    expect(o.members.total).toBe(7);
    expect(o.members.byStatus).toEqual({ active: 6, inactive: 1, invited: 0 });
    expect(o.members.byAccessLevel).toEqual({ OWNER: 1, ADMIN: 1, MEMBER: 5 });
    // Active and without a factor: all but the admin.
    expect(o.members.withoutTwoStep).toBe(5);
    // away (45 days) and gone (120 days); the others signed in today (or in this suite's set-up).
    const neverSignedIn = (await sql(
      `select count(*)::int as n from users u join users a on a.tenant_id = u.tenant_id and a.email = 'admin@overview.example'
        where u.status = 'active' and u.last_login_at is null`,
    )) as { n: number }[];
    expect(o.members.inactive30Days).toBe(2 + (neverSignedIn[0]?.n ?? 0));
    expect(o.members.inactive90Days).toBe(1 + (neverSignedIn[0]?.n ?? 0));
    // A small team: every figure counted, none estimated.
    expect(o.members.estimated).toEqual([]);
    expect(o.invitations).toEqual({ pending: 2, expiring: 1, expiringWithinHours: 72 });
    expect(o.roles).toBe(2);
    expect(o.organizations).toBe(1);

    // Holders: the OWNER holds every permission; payments = owner + member (direct and role, once) + away (role).
    const held = Object.fromEntries(o.permissions.map((p) => [p.key, p.members]));
    expect(held.payments).toBe(3);
    expect(held.Checkout).toBe(3);
    // ignite: owner, admin, away, off (inactive members still hold their grants).
    expect(held.ignite).toBe(4);
    expect(held.journey).toBe(1);
    expect(o.permissions).toHaveLength(24);
    expect(o.permissions.map((p) => p.members)).toEqual([...o.permissions.map((p) => p.members)].sort((a, b) => b - a));
    expect(o.permissionCounts).toEqual({ estimated: false, membersRead: 6 });

    // 30 days, oldest first, ending today (UTC); today's sign-ins and the one 3 days ago.
    expect(o.signInsPerDay).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(o.signInsPerDay.at(-1)?.date).toBe(today);
    expect(o.signInsPerDay[0]?.date).toBe(new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10));
    const signedInToday = (await sql(
      `select count(*)::int as n from audit_events e join users a on a.tenant_id = e.tenant_id and a.email = 'admin@overview.example'
        where e.action = 'auth.signed_in' and e.created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`,
    )) as { n: number }[];
    expect(o.signInsPerDay.at(-1)?.count).toBe(signedInToday[0]?.n);
    expect(signedInToday[0]?.n).toBeGreaterThanOrEqual(4);
    expect(o.signInsPerDay.reduce((sum, d) => sum + d.count, 0)).toBe((signedInToday[0]?.n ?? 0) + 1);

    // The latest changes: the revoke was the last change; no sign-in among them.
    expect(o.latestChanges).toHaveLength(5);
    expect(o.latestChanges[0]?.action).toBe('invitation.revoked');
    expect(o.latestChanges.every((e) => !e.action.startsWith('auth.'))).toBe(true);
  });

  it('when the holders are counted on a sample of the whole table, then they are the exact counts (the sampled statement runs)', async () => {
    const [tenant] = (await sql(`select tenant_id from users where email = 'admin@overview.example'`)) as {
      tenant_id: string;
    }[];
    const tenantId = tenant?.tenant_id as string;
    const exact = await overviewQueries.permissionHolders(suite.iam.db, tenantId, undefined);
    const sampled = await overviewQueries.permissionHolders(suite.iam.db, tenantId, 100);
    expect(sampled).toEqual(exact);
    expect(exact.sampled).toBe(6);
  });

  it('when an ADMIN or a server-to-server call asks, then they read the same figures; the other tenant reads its own', async () => {
    const byOwner = await overview(suite.ownerToken);
    const byAdmin = await overview(adminToken);
    const serverToServer = await overview();
    for (const o of [byAdmin, serverToServer]) {
      expect(o.members).toEqual(byOwner.members);
      expect(o.permissions).toEqual(byOwner.permissions);
    }
    const other = await overview(undefined, OTHER_TENANT_CREDENTIALS);
    expect(other.members.total).toBe(4);
    expect(other.roles).toBe(1);
    expect(other.organizations).toBe(1);
    expect(other.invitations.pending).toBe(1);
    expect(other.latestChanges.every((e) => e.target.name !== 'Sales')).toBe(true);
  });

  it('when a MEMBER or an organization admin asks, then a 403 problem says who may', async () => {
    for (const token of [memberToken, orgAdminToken]) {
      const res = await api().route(routes.getOverview, { token });
      const problem = expectProblem(res, 403, 'forbidden');
      expect(problem.detail).toBe('Only owners and administrators see the overview.');
    }
  });
});

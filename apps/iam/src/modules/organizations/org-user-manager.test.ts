import { type Organization, organizationListSchema, type Role, type User, userSchema } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * ORG_USER_MANAGER (Locai's delegated role, issue 25, ADR 027): invites and removes an
 * organization's ORG_MEMBERs and edits their names, phone and roles within what they hold; changes
 * nothing of the organization, its admins or its owners. Every refusal leaves the state as it was.
 */

const PASSWORD = 'a long enough password';

describe.each(testDatabases)('ORG_USER_MANAGER on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));

  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;
  const org = (id: string) => `/v2/client/organizations/${id}`;
  const userPath = (id: string) => `/v2/client/multi-user/${id}`;

  let manager: { user: User; token: string };
  let x: Organization;
  let y: Organization;
  let held: Role;
  let unheld: Role;

  beforeAll(async () => {
    manager = await api.createSignedIn({
      email: 'manager@example.com',
      password: PASSWORD,
      permissions: { ignite: true, journey: true },
    });
    x = await api.arrange('POST', '/v2/client/organizations', { name: 'Newsroom' });
    y = await api.arrange('POST', '/v2/client/organizations', { name: 'Sales' });
    await api.arrange('POST', `${org(x.id)}/members`, { userId: manager.user.id, orgRole: 'ORG_USER_MANAGER' });
    held = await api.arrange('POST', '/v2/client/roles', { name: 'Editors', permissions: ['ignite', 'journey'] });
    unheld = await api.arrange('POST', '/v2/client/roles', { name: 'Finance', permissions: ['billing'] });
  });

  /** A new user who is in `organization` with this org role. */
  async function memberOf(organization: Organization, orgRole: string, body: Record<string, unknown> = {}) {
    const user = await api.createUser({ email: email('m'), ...body });
    await api.arrange('POST', `${org(organization.id)}/members`, { userId: user.id, orgRole });
    return user;
  }

  /** Users, memberships, invitations, organizations and the audit trail, to tell a change. */
  async function snapshot(): Promise<string> {
    const rows = await iam.db.query(
      `select
         (select json_agg(u order by u.id) from (select id, email, first_name, last_name, phone, role, permissions, version from users where tenant_id = $1) u) as users,
         (select json_agg(r order by r.user_id, r.role_id) from (select user_id, role_id from user_roles where tenant_id = $1) r) as roles,
         (select json_agg(m order by m.organization_id, m.user_id) from (select organization_id, user_id, org_role from organization_members where tenant_id = $1) m) as members,
         (select json_agg(o order by o.id) from (select id, name, version from organizations where tenant_id = $1) o) as organizations,
         (select count(*)::int from invitations where tenant_id = $1) as invitations,
         (select count(*)::int from audit_events where tenant_id = $1) as events`,
      [iam.tenantId],
    );
    return JSON.stringify(rows);
  }

  const as = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.call(method, path, { token: manager.token, body, headers });

  /** The call is refused with this status and leaves everything as it was; answers the problem. */
  async function expectRefused(status: number, code: string, method: string, path: string, body?: unknown) {
    const before = await snapshot();
    const problem = expectProblem(await as(method, path, body), status, code);
    expect(await snapshot()).toBe(before);
    return problem;
  }

  it('when they list organizations, then they see theirs only, and its members', async () => {
    const list = organizationListSchema.parse((await as('GET', '/v2/client/organizations')).json);
    expect(list.items.map((o) => o.id)).toEqual([x.id]);
    expect((await as('GET', `${org(x.id)}/members`)).status).toBe(200);
    await expectRefused(404, 'not_found', 'GET', `${org(y.id)}/members`);
  });

  it('when they invite an ORG_MEMBER into their organization, then it is sent; an admin or elsewhere is refused', async () => {
    const sent = await as('POST', '/v2/client/invitations', { email: email('invitee'), organizationId: x.id });
    expect(sent.status, JSON.stringify(sent.json)).toBe(201);
    expect(sent.json).toMatchObject({ organizationRole: 'ORG_MEMBER', role: 'MEMBER' });
    const admin = await expectRefused(403, 'forbidden', 'POST', '/v2/client/invitations', {
      email: email('invitee'),
      organizationId: x.id,
      organizationRole: 'ORG_ADMIN',
    });
    expect(admin.errors?.map((e) => e.path)).toEqual(['body.organizationRole']);
    const roles = await expectRefused(403, 'forbidden', 'POST', '/v2/client/invitations', {
      email: email('invitee'),
      organizationId: x.id,
      groups: [held.id],
    });
    expect(roles.errors?.map((e) => e.path)).toEqual(['body.groups.0']);
    await expectRefused(404, 'not_found', 'POST', '/v2/client/invitations', {
      email: email('invitee'),
      organizationId: y.id,
    });
  });

  it('when they remove an ORG_MEMBER, then it is gone; an ORG_ADMIN or ORG_OWNER stays', async () => {
    const member = await memberOf(x, 'ORG_MEMBER');
    expect((await as('DELETE', `${org(x.id)}/members/${member.id}`)).status).toBe(204);
    for (const orgRole of ['ORG_ADMIN', 'ORG_OWNER', 'ORG_USER_MANAGER']) {
      const other = await memberOf(x, orgRole);
      const problem = await expectRefused(403, 'forbidden', 'DELETE', `${org(x.id)}/members/${other.id}`);
      expect(problem.detail).toMatch(/ORG_MEMBERs only/);
    }
  });

  it('when they change org roles or the organization, then 403 and nothing changes', async () => {
    const member = await memberOf(x, 'ORG_MEMBER');
    const promote = await expectRefused(403, 'forbidden', 'PATCH', `${org(x.id)}/members/${member.id}`, {
      orgRole: 'ORG_ADMIN',
    });
    expect(promote.errors?.map((e) => e.path)).toEqual(['body.orgRole']);
    await expectRefused(403, 'forbidden', 'PATCH', org(x.id), { description: 'ours now' });
    await expectRefused(403, 'forbidden', 'DELETE', org(x.id));
    const candidate = await api.createUser({ email: email('candidate') });
    await expectRefused(403, 'forbidden', 'POST', `${org(x.id)}/members`, { userId: candidate.id });
  });

  it("when they edit an ORG_MEMBER's names, phone and roles within what they hold, then it is saved and audited", async () => {
    const member = await memberOf(x, 'ORG_MEMBER', { groups: [] });
    const read = await as('GET', userPath(member.id));
    expect(read.status).toBe(200);
    const patched = await as(
      'PATCH',
      userPath(member.id),
      { firstName: 'Grace', phone: '+1 555 0100', groups: [held.id] },
      { 'if-match': `"${member.version}"` },
    );
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    const saved = userSchema.parse(patched.json);
    expect(saved).toMatchObject({ firstName: 'Grace', phone: '+1 555 0100', groups: [held.id] });
    const replaced = await as(
      'PUT',
      userPath(member.id),
      { email: member.email, role: 'MEMBER', lastName: 'Hopper' },
      { 'if-match': `"${saved.version}"` },
    );
    expect(replaced.status, JSON.stringify(replaced.json)).toBe(200);
    expect(replaced.json).toMatchObject({ firstName: null, lastName: 'Hopper', phone: null, groups: [] });
    const events = await iam.db.query<{ action: string; actor_user_id: string }>(
      `select action, actor_user_id from audit_events where target_id = $1 and action in ('user.updated', 'user.replaced') order by created_at`,
      [member.id],
    );
    expect(events).toEqual([
      { action: 'user.updated', actor_user_id: manager.user.id },
      { action: 'user.replaced', actor_user_id: manager.user.id },
    ]);
  });

  it.each([
    ['the email', { email: 'new@example.com' }, 'body.email'],
    ['the access level', { role: 'ADMIN' }, 'body.role'],
    ['the status', { status: 'inactive' }, 'body.status'],
    ['a direct permission', { permissions: { ignite: true } }, 'body.permissions.ignite'],
    ['the password', { password: 'another long password' }, 'body.password'],
    ['a role carrying what they do not hold', { groups: [] as string[] }, 'body.groups.0'],
  ])("when they change an ORG_MEMBER's %s, then 403 naming %s and nothing changes", async (_what, body, path) => {
    const member = await memberOf(x, 'ORG_MEMBER');
    const request = path === 'body.groups.0' ? { groups: [unheld.id] } : body;
    const before = await snapshot();
    const problem = expectProblem(
      await as('PATCH', userPath(member.id), request, { 'if-match': `"${member.version}"` }),
      403,
      'forbidden',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    expect(await snapshot()).toBe(before);
  });

  it('when they edit someone they do not manage, then 403 and nothing changes', async () => {
    const admin = await memberOf(x, 'ORG_ADMIN');
    const tenantAdmin = await memberOf(x, 'ORG_MEMBER', { role: 'ADMIN' });
    const elsewhere = await memberOf(y, 'ORG_MEMBER');
    const outsider = await api.createUser({ email: email('outsider') });
    for (const user of [admin, tenantAdmin, elsewhere, outsider]) {
      await expectRefused(403, 'forbidden', 'PATCH', userPath(user.id), { firstName: 'Changed' });
    }
    // Reading: only the members they manage (and themselves).
    await expectRefused(403, 'forbidden', 'GET', userPath(elsewhere.id));
    await expectRefused(403, 'forbidden', 'GET', userPath(admin.id));
    await expectRefused(403, 'forbidden', 'GET', '/v2/client/multi-user');
    // An id that does not exist answers as one they do not manage.
    await expectRefused(403, 'forbidden', 'PATCH', userPath('00000000-0000-4000-8000-000000000000'), {
      firstName: 'x',
    });
  });

  it('when they read the roles, then they get the list to choose from; a plain MEMBER does not', async () => {
    const list = await as('GET', '/v2/client/roles');
    expect(list.status).toBe(200);
    const member = await api.createSignedIn({ email: email('plain'), password: PASSWORD });
    expectProblem(await api.call('GET', '/v2/client/roles', { token: member.token }), 403, 'forbidden');
    // Reading one role or changing roles stays with owners and administrators.
    await expectRefused(403, 'forbidden', 'GET', `/v2/client/roles/${held.id}`);
    await expectRefused(403, 'forbidden', 'POST', '/v2/client/roles', { name: 'Mine' });
  });

  it('when an ORG_ADMIN makes someone ORG_USER_MANAGER, then it is saved; an ORG_USER_MANAGER cannot make one', async () => {
    const orgAdmin = await api.createSignedIn({ email: email('org-admin'), password: PASSWORD });
    await api.arrange('POST', `${org(x.id)}/members`, { userId: orgAdmin.user.id, orgRole: 'ORG_ADMIN' });
    const member = await memberOf(x, 'ORG_MEMBER');
    const res = await api.call('PATCH', `${org(x.id)}/members/${member.id}`, {
      token: orgAdmin.token,
      body: { orgRole: 'ORG_USER_MANAGER' },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ orgRole: 'ORG_USER_MANAGER' });
  });
});

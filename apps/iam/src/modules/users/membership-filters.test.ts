import { type UserList, userListSchema } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * The users list filtered by a role (`group=`) or an organization (`organizationId=`): its
 * members only, in the sort order, with an exact total, whether the total comes from the
 * membership index alone (that filter and nothing else, ADR 038) or from the users joined with
 * it (with other filters); and nothing of another tenant's role.
 */
describe.each(testDatabases)('the users list by role and organization on $name', (database) => {
  const suite = useTestIam(database);
  let roleId: string;
  let orgId: string;
  let foreignRoleId: string;
  /** holders of the role: h0 … h5 (h0, h2, h4 inactive); members of the organization: h0, h1 and m0. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { api, iam } = suite;
    const role = await api.call('POST', '/v2/client/roles', {
      body: { name: 'Filter role', permissions: ['billing'] },
    });
    expect(role.status).toBe(201);
    roleId = (role.json as { id: string }).id;
    const org = await api.call('POST', '/v2/client/organizations', { body: { name: 'Filter org' } });
    expect(org.status).toBe(201);
    orgId = (org.json as { id: string }).id;
    for (let i = 0; i < 6; i++) {
      const user = await api.createUser({ email: `h${i}@members.example`, groups: [roleId] });
      ids[`h${i}`] = user.id;
      if (i % 2 === 0) {
        const res = await api.call('PATCH', `/v2/client/multi-user/${user.id}`, { body: { status: 'inactive' } });
        expect(res.status).toBe(200);
      }
    }
    ids.m0 = (await api.createUser({ email: 'm0@members.example' })).id;
    await api.createUser({ email: 'nobody@members.example' });
    for (const name of ['h0', 'h1', 'm0']) {
      const res = await api.call('POST', `/v2/client/organizations/${orgId}/members`, {
        body: { userId: ids[name], orgRole: 'ORG_MEMBER' },
      });
      expect(res.status).toBe(201);
    }
    await addTenant(iam.db);
    const foreign = await api.call('POST', '/v2/client/roles', {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { name: 'Foreign role', permissions: ['billing'] },
    });
    expect(foreign.status).toBe(201);
    foreignRoleId = (foreign.json as { id: string }).id;
  });

  async function list(query: string, credentials?: typeof OTHER_TENANT_CREDENTIALS): Promise<UserList> {
    const res = await suite.api.call('GET', `/v2/client/multi-user?${query}`, credentials ? { credentials } : {});
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return userListSchema.parse(res.json);
  }
  const emails = (page: UserList) => page.items.map((u) => u.email);

  it('when the list is filtered by a role alone, then its holders come in order with their exact total, page by page', async () => {
    const first = await list(`group=${roleId}&sort=email&limit=4`);
    expect(first).toMatchObject({ total: 6, totalIsCapped: false });
    expect(emails(first)).toEqual([
      'h0@members.example',
      'h1@members.example',
      'h2@members.example',
      'h3@members.example',
    ]);
    const next = await list(`group=${roleId}&sort=email&limit=4&cursor=${first.nextCursor}`);
    expect(next).toMatchObject({ total: 6, nextCursor: null });
    expect(emails(next)).toEqual(['h4@members.example', 'h5@members.example']);
  });

  it('when a role or an organization is combined with other filters, then only the users meeting all of them count', async () => {
    const active = await list(`group=${roleId}&status=active&sort=email`);
    expect(active.total).toBe(3);
    expect(emails(active)).toEqual(['h1@members.example', 'h3@members.example', 'h5@members.example']);
    const both = await list(`group=${roleId}&organizationId=${orgId}&sort=email`);
    expect(both.total).toBe(2);
    expect(emails(both)).toEqual(['h0@members.example', 'h1@members.example']);
    const org = await list(`organizationId=${orgId}&sort=email`);
    expect(org.total).toBe(3);
    expect(emails(org)).toEqual(['h0@members.example', 'h1@members.example', 'm0@members.example']);
    const searched = await list(`organizationId=${orgId}&search=m0@`);
    expect(searched.total).toBe(1);
    expect(emails(searched)).toEqual(['m0@members.example']);
  });

  it("when a tenant filters by another tenant's role or organization, then nothing matches", async () => {
    expect(await list(`group=${foreignRoleId}`)).toMatchObject({ items: [], total: 0 });
    expect(await list(`group=${roleId}`, OTHER_TENANT_CREDENTIALS)).toMatchObject({ items: [], total: 0 });
    expect(await list(`organizationId=${orgId}`, OTHER_TENANT_CREDENTIALS)).toMatchObject({ items: [], total: 0 });
  });
});

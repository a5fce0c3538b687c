import {
  type Organization,
  type OrganizationMember,
  organizationListSchema,
  organizationMemberListSchema,
  organizationMemberSchema,
  organizationSchema,
  type User,
  userListSchema,
  userOrganizationListSchema,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';
const MISSING = '00000000-0000-4000-8000-000000000000';

describe.each(testDatabases)('organizations API on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  let owner: User;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken, owner } = suite));
  let otherTenantUser: User;

  beforeAll(async () => {
    await addTenant(iam.db);
    const res = await api.call('POST', '/v2/client/multi-user', {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { email: 'stranger@other.example', password: PASSWORD },
    });
    otherTenantUser = res.json;
  });

  const count = async (sql: string, params: unknown[] = []) =>
    (await iam.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0]?.n ?? 0;
  let seq = 0;
  const unique = (name: string) => `${name} ${++seq}`;
  const email = (name: string) => `${name}.${++seq}@example.com`;

  async function actorWith(role: 'OWNER' | 'ADMIN' | 'MEMBER', names: Record<string, string> = {}) {
    const user = await api.createUser({ email: email(role.toLowerCase()), password: PASSWORD, role, ...names });
    return { user, token: await api.signIn(user.email, PASSWORD) };
  }

  /** Created server-to-server: no members unless an owner is named. */
  async function organization(body: Record<string, unknown> = {}): Promise<Organization> {
    const res = await api.call('POST', '/v2/client/organizations', { body: { name: unique('Org'), ...body } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return organizationSchema.parse(res.json);
  }

  async function addMember(orgId: string, userId: string, orgRole: string): Promise<OrganizationMember> {
    const res = await api.call('POST', `/v2/client/organizations/${orgId}/members`, { body: { userId, orgRole } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return organizationMemberSchema.parse(res.json);
  }

  const orgPath = (id: string) => `/v2/client/organizations/${id}`;
  const memberPath = (orgId: string, userId: string) => `/v2/client/organizations/${orgId}/members/${userId}`;
  const membersOf = async (orgId: string) =>
    organizationMemberListSchema.parse((await api.call('GET', `${orgPath(orgId)}/members?limit=200`)).json).items;

  describe('create, read, update, delete', () => {
    it('when a name holds a control, line-separator or text-direction character, then 400 naming body.name and nothing is added', async () => {
      const before = (await api.call('GET', '/v2/client/organizations?limit=200')).json;
      for (const name of ['Acme\u202Eevil', 'Acme\u2028News', 'Acme\u009bNews', 'Acme\u200fNews']) {
        const res = await api.call('POST', '/v2/client/organizations', { token: ownerToken, body: { name } });
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.name']);
      }
      expect((await api.call('GET', '/v2/client/organizations?limit=200')).json).toEqual(before);
    });

    it('when a signed-in owner creates one, then 201 with ETag and Location, they are its ORG_OWNER, and it is audited', async () => {
      const res = await api.call('POST', '/v2/client/organizations', {
        token: ownerToken,
        body: { name: 'Acme News (EU)', description: 'The European newsroom' },
      });
      expect(res.status).toBe(201);
      const org = organizationSchema.parse(res.json);
      expect(org).toMatchObject({
        name: 'Acme News (EU)',
        slug: 'acme-news-eu',
        description: 'The European newsroom',
        memberCount: 1,
        // The creator is its org owner.
        ownerCount: 1,
        version: 1,
      });
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/v2/client/organizations/${org.id}`);
      expect(await membersOf(org.id)).toEqual([
        expect.objectContaining({ userId: owner.id, email: owner.email, role: 'OWNER', orgRole: 'ORG_OWNER' }),
      ]);
      const [event] = await iam.db.query<{ actor_user_id: string; before: unknown; after: Record<string, unknown> }>(
        `select actor_user_id, before, after from audit_events where action = 'organization.created' and target_id = $1`,
        [org.id],
      );
      expect(event).toMatchObject({ actor_user_id: owner.id, before: null });
      expect(event?.after).toMatchObject({ slug: 'acme-news-eu', owner: { userId: owner.id, orgRole: 'ORG_OWNER' } });

      const read = await api.call('GET', orgPath(org.id), { token: ownerToken });
      expect(read.status).toBe(200);
      expect(read.json).toEqual(org);
      expect(read.headers.get('etag')).toBe('"1"');
    });

    it('when the slug is left out, then it is derived and numbered when taken; a taken explicit slug is a 409 naming body.slug', async () => {
      const name = unique('Daily Planet');
      const base = name.toLowerCase().replaceAll(' ', '-');
      const first = await organization({ name });
      const second = await organization({ name });
      const third = await organization({ name: name.toUpperCase() });
      expect([first.slug, second.slug, third.slug]).toEqual([base, `${base}-2`, `${base}-3`]);

      const before = [await count('organizations'), await count('audit_events')];
      const taken = await api.call('POST', '/v2/client/organizations', { body: { name: 'Other', slug: base } });
      expect(expectProblem(taken, 409, 'conflict').errors?.map((e) => e.path)).toEqual(['body.slug']);
      expect([await count('organizations'), await count('audit_events')]).toEqual(before);

      // Names without latin letters or digits, and names longer than a slug, still get a valid one.
      const kanji = await organization({ name: '日本支社' });
      expect(kanji.slug).toMatch(/^org(-\d+)?$/);
      const long = `${'Very long name '.repeat(6)}${++seq}`.slice(0, 100);
      const a = await organization({ name: long });
      const b = await organization({ name: long });
      expect(a.slug.length).toBeLessThanOrEqual(63);
      expect(b.slug).toMatch(/-2$/);
      expect(b.slug.length).toBeLessThanOrEqual(63);
    });

    it('when two organizations with one name are created at once, then both get their own slug', async () => {
      const name = unique('Race');
      const results = await Promise.all(
        [1, 2, 3].map(() => api.call('POST', '/v2/client/organizations', { body: { name } })),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      const slugs = results.map((r) => (r.json as Organization).slug).sort();
      const base = name.toLowerCase().replaceAll(' ', '-');
      expect(slugs).toEqual([base, `${base}-2`, `${base}-3`].sort());
    });

    it('when ownerUserId names a user of the tenant, then they are the ORG_OWNER; another tenant’s or no user is a 400', async () => {
      const chosen = await api.createUser({ email: email('chosen') });
      const org = await organization({ ownerUserId: chosen.id });
      expect(org.memberCount).toBe(1);
      expect(await membersOf(org.id)).toEqual([expect.objectContaining({ userId: chosen.id, orgRole: 'ORG_OWNER' })]);

      const before = [await count('organizations'), await count('organization_members'), await count('audit_events')];
      for (const ownerUserId of [MISSING, otherTenantUser.id]) {
        const res = await api.call('POST', '/v2/client/organizations', {
          token: ownerToken,
          body: { name: unique('Orphan'), ownerUserId },
        });
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.ownerUserId']);
      }
      expect([await count('organizations'), await count('organization_members'), await count('audit_events')]).toEqual(
        before,
      );
    });

    it('when created server-to-server without ownerUserId, then it has no members', async () => {
      const org = await organization();
      expect(org.memberCount).toBe(0);
      expect(await membersOf(org.id)).toEqual([]);
    });

    it('when updated with If-Match, then fields change and the version moves; a stale one is a 412 and changes nothing', async () => {
      const org = await organization({ description: 'Before' });
      const path = orgPath(org.id);
      const ok = await api.call('PATCH', path, {
        token: ownerToken,
        body: { name: 'Renamed', description: null },
        headers: { 'if-match': '"1"' },
      });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ name: 'Renamed', slug: org.slug, description: null, version: 2 });
      expect(ok.headers.get('etag')).toBe('"2"');

      const stale = await api.call('PATCH', path, { body: { name: 'Stale' }, headers: { 'if-match': '"1"' } });
      expect(expectProblem(stale, 412, 'precondition_failed').errors?.[0]?.path).toBe('header.if-match');
      expect((await api.call('GET', path)).json).toMatchObject({ name: 'Renamed', version: 2 });

      const racers = await Promise.all(
        ['A', 'B'].map((name) => api.call('PATCH', path, { body: { name }, headers: { 'if-match': '"2"' } })),
      );
      expect(racers.map((r) => r.status).sort()).toEqual([200, 412]);
      expect((await api.call('GET', path)).json).toMatchObject({ version: 3 });

      const events = await iam.db.query<{ before: Organization; after: Organization }>(
        `select before, after from audit_events where action = 'organization.updated' and target_id = $1
          order by created_at, id`,
        [org.id],
      );
      expect(events).toHaveLength(2);
      expect(events[0]?.before).toEqual({ name: org.name, description: 'Before' });
      expect(events[0]?.after).toEqual({ name: 'Renamed', description: null });
    });

    it('when the slug is changed to a taken one, then 409 naming body.slug; to its own or a free one, 200', async () => {
      const a = await organization();
      const b = await organization();
      const taken = await api.call('PATCH', orgPath(b.id), { body: { slug: a.slug } });
      expect(expectProblem(taken, 409, 'conflict').errors?.map((e) => e.path)).toEqual(['body.slug']);
      expect((await api.call('GET', orgPath(b.id))).json).toEqual(b);
      expect((await api.call('PATCH', orgPath(b.id), { body: { slug: b.slug } })).status).toBe(200);
      const free = `free-${++seq}`;
      expect((await api.call('PATCH', orgPath(b.id), { body: { slug: free } })).json).toMatchObject({ slug: free });
    });

    it('when deleted, then 204, its memberships go, the users stay, and the event keeps who was in it', async () => {
      const member = await api.createUser({ email: email('stays') });
      const org = await organization({ ownerUserId: member.id });
      expectProblem(
        await api.call('DELETE', orgPath(org.id), { headers: { 'if-match': '"7"' } }),
        412,
        'precondition_failed',
      );
      expect(
        (await api.call('DELETE', orgPath(org.id), { token: ownerToken, headers: { 'if-match': '"1"' } })).status,
      ).toBe(204);
      expectProblem(await api.call('GET', orgPath(org.id)), 404, 'not_found');
      expectProblem(await api.call('DELETE', orgPath(org.id)), 404, 'not_found');
      expect(await count('organization_members where organization_id = $1', [org.id])).toBe(0);
      expect((await api.call('GET', `/v2/client/multi-user/${member.id}`)).status).toBe(200);
      const [event] = await iam.db.query<{ before: Record<string, unknown> }>(
        `select before from audit_events where action = 'organization.deleted' and target_id = $1`,
        [org.id],
      );
      expect(event?.before).toMatchObject({ slug: org.slug, members: [{ userId: member.id, orgRole: 'ORG_OWNER' }] });
    });

    it('when ids are not uuids or do not exist, then 400 naming the parameter, and 404', async () => {
      const bad = expectProblem(await api.call('GET', '/v2/client/organizations/nope'), 400, 'validation_failed');
      expect(bad.errors?.[0]?.path).toBe('params.organizationId');
      const badUser = expectProblem(
        await api.call('PATCH', memberPath(MISSING, 'nope'), { body: { orgRole: 'ORG_ADMIN' } }),
        400,
        'validation_failed',
      );
      expect(badUser.errors?.[0]?.path).toBe('params.userId');
      expectProblem(await api.call('GET', orgPath(MISSING)), 404, 'not_found');
      expectProblem(await api.call('PATCH', orgPath(MISSING), { body: { name: 'X' } }), 404, 'not_found');
      expectProblem(await api.call('GET', `${orgPath(MISSING)}/members`), 404, 'not_found');
    });
  });

  describe('list: search, keyset paging, total', () => {
    it('when paging by name, then every organization comes once, in order, with the total', async () => {
      const tag = `pager${++seq}`;
      const names = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo'].map((n) => `${tag} ${n}`);
      for (const name of names) await organization({ name });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `search=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = organizationListSchema.parse((await api.call('GET', `/v2/client/organizations?${query}`)).json);
        expect(page.total).toBe(5);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((o) => o.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo'].map((n) => `${tag} ${n}`));
    });

    it('when searching, then name or slug matches in any case, and % and _ are literal', async () => {
      const org = await organization({ name: unique('Searchable Wombat'), slug: `marsupial-${++seq}` });
      const find = async (search: string) =>
        organizationListSchema
          .parse((await api.call('GET', `/v2/client/organizations?search=${encodeURIComponent(search)}`)).json)
          .items.map((o) => o.id);
      expect(await find('WOMBAT')).toContain(org.id);
      expect(await find('marsupial')).toContain(org.id);
      expect(await find('wom%bat')).toEqual([]);
      expect(await find('_')).toEqual([]);
    });

    it('when the query is bad, then 400 names the parameter', async () => {
      const tagged = (await api.call('GET', '/v2/client/organizations?limit=1')).json as { nextCursor: string };
      for (const [query, path] of [
        ['limit=0', 'query.limit'],
        ['limit=201', 'query.limit'],
        ['cursor=garbage', 'query.cursor'],
        ['sort=name', 'query.sort'],
      ]) {
        const res = await api.call('GET', `/v2/client/organizations?${query}`);
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toContain(path);
      }
      // A cursor of the organizations list does not page a members list.
      const org = await organization();
      const res = await api.call('GET', `${orgPath(org.id)}/members?cursor=${tagged.nextCursor}`);
      expect(expectProblem(res, 400, 'validation_failed').errors?.[0]?.path).toBe('query.cursor');
    });
  });

  describe('members', () => {
    it('when an existing user is added, then 201 with the member; again is a 409, an unknown or foreign user a 400', async () => {
      const org = await organization();
      const user = await api.createUser({ email: email('joiner'), firstName: 'Jo', lastName: 'Iner' });
      const res = await api.call('POST', `${orgPath(org.id)}/members`, {
        token: ownerToken,
        body: { userId: user.id },
      });
      expect(res.status).toBe(201);
      expect(organizationMemberSchema.parse(res.json)).toMatchObject({
        userId: user.id,
        email: user.email,
        firstName: 'Jo',
        lastName: 'Iner',
        status: 'active',
        role: 'MEMBER',
        orgRole: 'ORG_MEMBER',
      });
      expect((await api.call('GET', orgPath(org.id))).json).toMatchObject({ memberCount: 1, version: 1 });
      const [event] = await iam.db.query<{ actor_user_id: string; after: Record<string, unknown> }>(
        `select actor_user_id, after from audit_events where action = 'organization.member_added' and target_id = $1`,
        [org.id],
      );
      expect(event).toMatchObject({ actor_user_id: owner.id, after: { userId: user.id, orgRole: 'ORG_MEMBER' } });

      const before = [await count('organization_members'), await count('audit_events')];
      const again = await api.call('POST', `${orgPath(org.id)}/members`, {
        body: { userId: user.id, orgRole: 'ORG_ADMIN' },
      });
      expect(expectProblem(again, 409, 'conflict').errors?.map((e) => e.path)).toEqual(['body.userId']);
      for (const userId of [MISSING, otherTenantUser.id]) {
        const res = await api.call('POST', `${orgPath(org.id)}/members`, { body: { userId } });
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.userId']);
      }
      expect([await count('organization_members'), await count('audit_events')]).toEqual(before);
      expect(await membersOf(org.id)).toEqual([expect.objectContaining({ userId: user.id, orgRole: 'ORG_MEMBER' })]);
    });

    it('when a member’s org role changes or they are removed, then it is audited with before and after', async () => {
      const org = await organization({ ownerUserId: owner.id });
      const user = await api.createUser({ email: email('mover') });
      await addMember(org.id, user.id, 'ORG_MEMBER');
      const changed = await api.call('PATCH', memberPath(org.id, user.id), {
        token: ownerToken,
        body: { orgRole: 'ORG_ADMIN' },
      });
      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({ userId: user.id, orgRole: 'ORG_ADMIN' });
      const [roleEvent] = await iam.db.query<{ before: OrganizationMember; after: OrganizationMember }>(
        `select before, after from audit_events where action = 'organization.member_role_changed' and target_id = $1`,
        [org.id],
      );
      expect(roleEvent?.before).toMatchObject({ userId: user.id, orgRole: 'ORG_MEMBER' });
      expect(roleEvent?.after).toMatchObject({ userId: user.id, orgRole: 'ORG_ADMIN' });

      expect((await api.call('DELETE', memberPath(org.id, user.id), { token: ownerToken })).status).toBe(204);
      expectProblem(await api.call('DELETE', memberPath(org.id, user.id)), 404, 'not_found');
      expectProblem(
        await api.call('PATCH', memberPath(org.id, user.id), { body: { orgRole: 'ORG_MEMBER' } }),
        404,
        'not_found',
      );
      const [removed] = await iam.db.query<{ before: OrganizationMember; after: unknown }>(
        `select before, after from audit_events where action = 'organization.member_removed' and target_id = $1`,
        [org.id],
      );
      expect(removed).toMatchObject({ before: { userId: user.id, orgRole: 'ORG_ADMIN' }, after: null });
      expect((await api.call('GET', `/v2/client/multi-user/${user.id}`)).status).toBe(200);
    });

    it('when listing members, then search on email and names, the org role filter and keyset paging by email work together', async () => {
      const org = await organization();
      const tag = `crew${++seq}`;
      const people = await Promise.all(
        [
          ['delta', 'ORG_MEMBER', 'Dora'],
          ['alpha', 'ORG_ADMIN', 'Alma'],
          ['charlie', 'ORG_MEMBER', 'Carl'],
          ['bravo', 'ORG_OWNER', 'Bruno'],
          ['echo', 'ORG_MEMBER', 'Zed'],
        ].map(async ([name, orgRole, firstName]) => {
          const user = await api.createUser({ email: `${name}.${tag}@example.com`, firstName });
          return { user, orgRole: orgRole as string };
        }),
      );
      for (const { user, orgRole } of people) await addMember(org.id, user.id, orgRole);
      const outsider = await api.createUser({ email: `outsider.${tag}@example.com` });

      const pageThrough = async (query: string) => {
        const emails: string[] = [];
        let cursor: string | null = null;
        let total = -1;
        do {
          const res = await api.call(
            'GET',
            `${orgPath(org.id)}/members?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          const page = organizationMemberListSchema.parse(res.json);
          total = page.total;
          emails.push(...page.items.map((m) => m.email.split('.')[0] as string));
          cursor = page.nextCursor;
        } while (cursor);
        return { emails, total };
      };
      expect(await pageThrough(`search=${tag}`)).toEqual({
        emails: ['alpha', 'bravo', 'charlie', 'delta', 'echo'],
        total: 5,
      });
      expect(await pageThrough('orgRole=ORG_MEMBER')).toEqual({ emails: ['charlie', 'delta', 'echo'], total: 3 });
      expect(await pageThrough('search=ZED')).toEqual({ emails: ['echo'], total: 1 });
      expect((await pageThrough(`search=outsider.${tag}`)).total).toBe(0);
      expect(outsider.id).toBeTruthy();
      const bad = await api.call('GET', `${orgPath(org.id)}/members?orgRole=BOSS`);
      expect(expectProblem(bad, 400, 'validation_failed').errors?.[0]?.path).toBe('query.orgRole');
    });

    it('when the users list filters by organizationId, then only that organization’s members come, with the total', async () => {
      const org = await organization();
      const [a, b] = await Promise.all([
        api.createUser({ email: email('in-a') }),
        api.createUser({ email: email('in-b') }),
      ]);
      await api.createUser({ email: email('not-in') });
      await addMember(org.id, (a as User).id, 'ORG_MEMBER');
      await addMember(org.id, (b as User).id, 'ORG_ADMIN');
      const list = userListSchema.parse(
        (await api.call('GET', `/v2/client/multi-user?organizationId=${org.id}&sort=email`, { token: ownerToken }))
          .json,
      );
      expect(list.total).toBe(2);
      expect(list.items.map((u) => u.id).sort()).toEqual([(a as User).id, (b as User).id].sort());
      const empty = userListSchema.parse(
        (await api.call('GET', `/v2/client/multi-user?organizationId=${MISSING}`)).json,
      );
      expect(empty.total).toBe(0);
      const foreign = userListSchema.parse(
        (
          await api.call('GET', `/v2/client/multi-user?organizationId=${org.id}`, {
            credentials: OTHER_TENANT_CREDENTIALS,
          })
        ).json,
      );
      expect(foreign.total).toBe(0);
    });
  });

  describe('the last ORG_OWNER', () => {
    it('when the only ORG_OWNER would be demoted or removed, then 409 last_org_owner and nothing changes', async () => {
      const sole = await api.createUser({ email: email('sole') });
      const org = await organization({ ownerUserId: sole.id });
      const before = await count('audit_events');
      for (const res of [
        await api.call('PATCH', memberPath(org.id, sole.id), { body: { orgRole: 'ORG_ADMIN' } }),
        await api.call('DELETE', memberPath(org.id, sole.id), { token: ownerToken }),
      ]) {
        expectProblem(res, 409, 'last_org_owner');
      }
      expect(await count('audit_events')).toBe(before);
      expect(await membersOf(org.id)).toEqual([expect.objectContaining({ userId: sole.id, orgRole: 'ORG_OWNER' })]);

      // With a second owner, either can step down.
      const second = await api.createUser({ email: email('second') });
      await addMember(org.id, second.id, 'ORG_OWNER');
      expect((await api.call('PATCH', memberPath(org.id, sole.id), { body: { orgRole: 'ORG_MEMBER' } })).status).toBe(
        200,
      );
      expectProblem(await api.call('DELETE', memberPath(org.id, second.id)), 409, 'last_org_owner');
    });

    it('when the only ORG_OWNER would be deleted from the tenant, then 409 naming the organization; with a second owner, the delete goes through', async () => {
      const sole = await api.createUser({ email: email('leaving') });
      const org = await organization({ name: unique('Orphan guard'), ownerUserId: sole.id });
      const res = await api.call('DELETE', `/v2/client/multi-user/${sole.id}`, { token: ownerToken });
      expectProblem(res, 409, 'last_org_owner');
      expect((res.json as { detail: string }).detail).toContain(org.name);
      expect(await count('users where id = $1', [sole.id])).toBe(1);
      expect(await membersOf(org.id)).toEqual([expect.objectContaining({ userId: sole.id, orgRole: 'ORG_OWNER' })]);

      const heir = await api.createUser({ email: email('heir') });
      await addMember(org.id, heir.id, 'ORG_OWNER');
      expect((await api.call('DELETE', `/v2/client/multi-user/${sole.id}`, { token: ownerToken })).status).toBe(204);
      expect(await membersOf(org.id)).toEqual([expect.objectContaining({ userId: heir.id, orgRole: 'ORG_OWNER' })]);
      // The organization's history says who left and why.
      const [left] = await iam.db.query<{ actor_user_id: string; before: Record<string, unknown> }>(
        `select actor_user_id, before from audit_events where action = 'organization.member_removed' and target_id = $1`,
        [org.id],
      );
      expect(left).toEqual({
        actor_user_id: owner.id,
        before: { userId: sole.id, email: sole.email, orgRole: 'ORG_OWNER', reason: 'user_deleted' },
      });
    });

    it('when two ORG_OWNERs are demoted at once, then one succeeds and one gets last_org_owner', async () => {
      const org = await organization();
      const [a, b] = await Promise.all([
        api.createUser({ email: email('twin') }),
        api.createUser({ email: email('twin') }),
      ]);
      await addMember(org.id, (a as User).id, 'ORG_OWNER');
      await addMember(org.id, (b as User).id, 'ORG_OWNER');
      const results = await Promise.all([
        api.call('PATCH', memberPath(org.id, (a as User).id), { body: { orgRole: 'ORG_MEMBER' } }),
        api.call('DELETE', memberPath(org.id, (b as User).id)),
      ]);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 409)).toHaveLength(1);
      expect(statuses.some((s) => s === 200 || s === 204)).toBe(true);
      expect((await membersOf(org.id)).filter((m) => m.orgRole === 'ORG_OWNER')).toHaveLength(1);
    });

    it('when an organization has no ORG_OWNER yet, then its members can be changed and removed freely', async () => {
      const org = await organization();
      const user = await api.createUser({ email: email('loose') });
      await addMember(org.id, user.id, 'ORG_ADMIN');
      expect((await api.call('PATCH', memberPath(org.id, user.id), { body: { orgRole: 'ORG_MEMBER' } })).status).toBe(
        200,
      );
      expect((await api.call('DELETE', memberPath(org.id, user.id))).status).toBe(204);
    });
  });

  describe("a user's organizations", () => {
    it('when read, then each organization comes by name with the org role; a MEMBER reads only their own', async () => {
      const member = await actorWith('MEMBER');
      const zulu = await organization({ name: unique('Zulu') });
      const alpha = await organization({ name: unique('Alpha') });
      await addMember(zulu.id, member.user.id, 'ORG_ADMIN');
      await addMember(alpha.id, member.user.id, 'ORG_MEMBER');
      const path = `/v2/client/multi-user/${member.user.id}/organizations`;
      const own = userOrganizationListSchema.parse((await api.call('GET', path, { token: member.token })).json);
      expect(own.items).toEqual([
        { organization: { id: alpha.id, name: alpha.name, slug: alpha.slug }, orgRole: 'ORG_MEMBER' },
        { organization: { id: zulu.id, name: zulu.name, slug: zulu.slug }, orgRole: 'ORG_ADMIN' },
      ]);
      expect((await api.call('GET', path, { token: ownerToken })).json).toEqual(own);
      expectProblem(
        await api.call('GET', `/v2/client/multi-user/${owner.id}/organizations`, { token: member.token }),
        403,
        'forbidden',
      );
      expectProblem(await api.call('GET', `/v2/client/multi-user/${MISSING}/organizations`), 404, 'not_found');
      expectProblem(await api.call('GET', path, { credentials: OTHER_TENANT_CREDENTIALS }), 404, 'not_found');
    });
  });

  describe('delegated administration', () => {
    /** An organization with a tenant MEMBER as ORG_OWNER, one as ORG_ADMIN, and two ORG_MEMBERs. */
    async function delegated() {
      const org = await organization({ name: unique('Delegated') });
      const orgOwner = await actorWith('MEMBER');
      const orgAdmin = await actorWith('MEMBER');
      const [m1, m2] = await Promise.all([
        api.createUser({ email: email('m1') }),
        api.createUser({ email: email('m2') }),
      ]);
      await addMember(org.id, orgOwner.user.id, 'ORG_OWNER');
      await addMember(org.id, orgAdmin.user.id, 'ORG_ADMIN');
      await addMember(org.id, (m1 as User).id, 'ORG_MEMBER');
      await addMember(org.id, (m2 as User).id, 'ORG_MEMBER');
      return { org, orgOwner, orgAdmin, m1: m1 as User, m2: m2 as User };
    }
    const roleOf = async (orgId: string, userId: string) =>
      (await membersOf(orgId)).find((m) => m.userId === userId)?.orgRole;

    it('when an ORG_ADMIN lists organizations, then they see only the ones they administer', async () => {
      const { org, orgAdmin } = await delegated();
      const memberOnly = await organization();
      await addMember(memberOnly.id, orgAdmin.user.id, 'ORG_MEMBER');
      const list = organizationListSchema.parse(
        (await api.call('GET', '/v2/client/organizations', { token: orgAdmin.token })).json,
      );
      expect(list).toMatchObject({ total: 1, nextCursor: null });
      expect(list.items.map((o) => o.id)).toEqual([org.id]);
      expectProblem(await api.call('GET', orgPath(memberOnly.id), { token: orgAdmin.token }), 404, 'not_found');
      expectProblem(
        await api.call('GET', `${orgPath(memberOnly.id)}/members`, { token: orgAdmin.token }),
        404,
        'not_found',
      );
    });

    it('when an ORG_ADMIN manages members, then ORG_MEMBERs and ORG_ADMINs are theirs to change, ORG_OWNERs are not', async () => {
      const { org, orgOwner, orgAdmin, m1, m2 } = await delegated();
      const as = { token: orgAdmin.token };
      const promote = await api.call('PATCH', memberPath(org.id, m1.id), { ...as, body: { orgRole: 'ORG_ADMIN' } });
      expect(promote.json).toMatchObject({ orgRole: 'ORG_ADMIN' });
      expect((await api.call('DELETE', memberPath(org.id, m2.id), as)).status).toBe(204);

      const outsider = await api.createUser({ email: email('outsider') });
      const before = [await count('organization_members'), await count('audit_events')];
      const makeOwner = await api.call('PATCH', memberPath(org.id, m1.id), { ...as, body: { orgRole: 'ORG_OWNER' } });
      expect(expectProblem(makeOwner, 403, 'forbidden').errors?.map((e) => e.path)).toEqual(['body.orgRole']);
      const selfPromote = await api.call('PATCH', memberPath(org.id, orgAdmin.user.id), {
        ...as,
        body: { orgRole: 'ORG_OWNER' },
      });
      expectProblem(selfPromote, 403, 'forbidden');
      expectProblem(
        await api.call('PATCH', memberPath(org.id, orgOwner.user.id), { ...as, body: { orgRole: 'ORG_MEMBER' } }),
        403,
        'forbidden',
      );
      expectProblem(await api.call('DELETE', memberPath(org.id, orgOwner.user.id), as), 403, 'forbidden');
      // Details, deletion and adding existing users are not theirs either.
      expectProblem(await api.call('PATCH', orgPath(org.id), { ...as, body: { name: 'Mine now' } }), 403, 'forbidden');
      expectProblem(await api.call('DELETE', orgPath(org.id), as), 403, 'forbidden');
      expectProblem(
        await api.call('POST', `${orgPath(org.id)}/members`, { ...as, body: { userId: outsider.id } }),
        403,
        'forbidden',
      );
      expectProblem(
        await api.call('POST', '/v2/client/organizations', { ...as, body: { name: unique('Own') } }),
        403,
        'forbidden',
      );
      expect([await count('organization_members'), await count('audit_events')]).toEqual(before);
      expect(await roleOf(org.id, orgAdmin.user.id)).toBe('ORG_ADMIN');
      expect(await roleOf(org.id, orgOwner.user.id)).toBe('ORG_OWNER');
      expect((await api.call('GET', orgPath(org.id))).json).toMatchObject({ name: org.name, version: 1 });
      // Leaving only gives rights up: allowed, and then X is hidden from them.
      expect((await api.call('DELETE', memberPath(org.id, orgAdmin.user.id), as)).status).toBe(204);
      expectProblem(await api.call('GET', orgPath(org.id), as), 404, 'not_found');
    });

    it('when an ORG_OWNER who is a tenant MEMBER acts, then they may make ORG_OWNERs and edit details, not delete', async () => {
      const { org, orgOwner, orgAdmin } = await delegated();
      const as = { token: orgOwner.token };
      const promoted = await api.call('PATCH', memberPath(org.id, orgAdmin.user.id), {
        ...as,
        body: { orgRole: 'ORG_OWNER' },
      });
      expect(promoted.json).toMatchObject({ orgRole: 'ORG_OWNER' });
      const renamed = await api.call('PATCH', orgPath(org.id), {
        ...as,
        body: { description: 'Run by its owners' },
        headers: { 'if-match': '"1"' },
      });
      expect(renamed.json).toMatchObject({ description: 'Run by its owners', version: 2 });
      // Not the slug: a taken one would answer 409 and so reveal organizations hidden from them.
      const reslugged = await api.call('PATCH', orgPath(org.id), { ...as, body: { slug: `${org.slug}-x` } });
      expect(expectProblem(reslugged, 403, 'forbidden').errors?.map((e) => e.path)).toEqual(['body.slug']);
      expectProblem(await api.call('DELETE', orgPath(org.id), as), 403, 'forbidden');
      // Now two owners: this one may step down, and is then just a member without access.
      expect(
        (await api.call('PATCH', memberPath(org.id, orgOwner.user.id), { ...as, body: { orgRole: 'ORG_MEMBER' } }))
          .status,
      ).toBe(200);
      expectProblem(await api.call('GET', orgPath(org.id), as), 404, 'not_found');
    });

    it('when a tenant MEMBER administers nothing, then the list is empty and every organization is a 404', async () => {
      const { org, m1 } = await delegated();
      const plain = await actorWith('MEMBER');
      const list = organizationListSchema.parse(
        (await api.call('GET', '/v2/client/organizations', { token: plain.token })).json,
      );
      expect(list).toEqual({ items: [], nextCursor: null, total: 0, totalIsCapped: false });
      expectProblem(await api.call('GET', orgPath(org.id), { token: plain.token }), 404, 'not_found');
      expectProblem(await api.call('DELETE', memberPath(org.id, m1.id), { token: plain.token }), 404, 'not_found');
    });

    it('when an org admin calls the users routes, then they are still refused as a MEMBER', async () => {
      const { orgAdmin, m1 } = await delegated();
      const as = { token: orgAdmin.token };
      expectProblem(await api.call('GET', '/v2/client/multi-user', as), 403, 'forbidden');
      expectProblem(await api.call('GET', `/v2/client/multi-user/${m1.id}`, as), 403, 'forbidden');
      expectProblem(
        await api.call('PATCH', `/v2/client/multi-user/${m1.id}`, { ...as, body: { firstName: 'X' } }),
        403,
        'forbidden',
      );
      expectProblem(
        await api.call('POST', '/v2/client/permission-changes', {
          ...as,
          body: { changes: [{ userId: m1.id, version: 1, grant: ['ignite'], revoke: [] }] },
        }),
        403,
        'forbidden',
      );
    });
  });
});

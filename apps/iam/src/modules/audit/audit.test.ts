import {
  AUDIT_CSV_COLUMNS,
  type AuditEvent,
  auditEventPageSchema,
  auditEventSchema,
  routeList,
  type User,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CallOptions, expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, basicAuth, OTHER_TENANT_CREDENTIALS, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

const EVENTS = '/v2/client/audit-events';
const PASSWORD = 'a long enough password';

/** Parses a CSV of quoted cells (as the export writes it) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe.each(testDatabases)('audit log API on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  let owner: User;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken, owner } = suite));

  let seq = 0;
  const email = (name: string) => `audit-${name}.${++seq}@example.com`;
  const list = async (query: string, options: CallOptions = { token: ownerToken }) => {
    const res = await api.call('GET', `${EVENTS}?${query}`, options);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return auditEventPageSchema.parse(res.json);
  };
  const consoleCall = (token: string, requestId?: string): CallOptions => ({
    token,
    headers: { 'x-client-ip': '198.51.100.23', ...(requestId ? { 'x-request-id': requestId } : {}) },
  });

  /**
   * The story: Ana Silva (ADMIN) grants Checkout to Bob (MEMBER) through the console and adds him
   * to org X; Carol is ORG_ADMIN of X; a server-to-server call adds Dave to org Y.
   */
  const people = {} as {
    ana: { user: User; token: string };
    bob: { user: User; token: string };
    carol: { user: User; token: string };
    dave: User;
  };
  const orgs = {} as { x: string; y: string };

  beforeAll(async () => {
    people.ana = await api.createSignedIn({
      email: email('ana'),
      firstName: 'Ana',
      lastName: 'Silva',
      role: 'ADMIN',
      permissions: { Checkout: true, ignite: true },
      password: PASSWORD,
    });
    people.bob = await api.createSignedIn({ email: email('bob'), password: PASSWORD });
    people.carol = await api.createSignedIn({ email: email('carol'), firstName: 'Carol', password: PASSWORD });
    people.dave = await api.createUser({ email: email('dave') });
    orgs.x = ((await api.arrange('POST', '/v2/client/organizations', { name: 'Org X' })) as { id: string }).id;
    orgs.y = ((await api.arrange('POST', '/v2/client/organizations', { name: 'Org Y' })) as { id: string }).id;
    await api.arrange('POST', `/v2/client/organizations/${orgs.x}/members`, {
      userId: people.carol.user.id,
      orgRole: 'ORG_ADMIN',
    });
    const bob = people.bob.user;
    const granted = await api.call('POST', '/v2/client/permission-changes', {
      ...consoleCall(people.ana.token, 'ana-grants-checkout-1'),
      body: { changes: [{ userId: bob.id, version: bob.version, grant: ['Checkout'] }] },
    });
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    const added = await api.call('POST', `/v2/client/organizations/${orgs.x}/members`, {
      ...consoleCall(people.ana.token),
      body: { userId: bob.id },
    });
    expect(added.status).toBe(201);
    await api.arrange('POST', `/v2/client/organizations/${orgs.y}/members`, { userId: people.dave.id });
  });

  describe('capture', () => {
    it('when Ana grants Checkout to Bob in the console, then the event names both, its source, address, request and exactly the changed key', async () => {
      const { items } = await list(`action=user.permissions_changed&targetType=user&targetId=${people.bob.user.id}`);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        action: 'user.permissions_changed',
        actor: { id: people.ana.user.id, name: 'Ana Silva', email: people.ana.user.email },
        target: { type: 'user', id: people.bob.user.id, name: people.bob.user.email },
        source: 'console',
        ip: '198.51.100.23',
        requestId: 'ana-grants-checkout-1',
        organizationId: null,
        changes: [{ field: 'permissions', before: { Checkout: null }, after: { Checkout: true } }],
        before: { permissions: { Checkout: null } },
        after: { permissions: { Checkout: true } },
        revertsEventId: null,
        revertedByEventId: null,
        revertible: true,
      });
    });

    it('when a server-to-server call changes something, then its source is api and it has no actor', async () => {
      const { items } = await list(`action=organization.member_added&organizationId=${orgs.y}`);
      expect(items[0]).toMatchObject({ actor: null, source: 'api', target: { type: 'organization', name: 'Org Y' } });
      expect(items[0]?.after).toMatchObject({
        userId: people.dave.id,
        email: people.dave.email,
        orgRole: 'ORG_MEMBER',
      });
    });

    it('when the actor and the target are deleted, then their events still name them', async () => {
      const actor = await api.createSignedIn({
        email: email('gone-admin'),
        firstName: 'Gone',
        lastName: 'Admin',
        role: 'ADMIN',
        password: PASSWORD,
      });
      const target = await api.createUser({ email: email('gone-target'), firstName: 'Gone', lastName: 'Target' });
      const role = (await api.arrange('POST', '/v2/client/roles', { name: `Gone role ${++seq}` })) as { id: string };
      const res = await api.call('PUT', `/v2/client/roles/${role.id}/members/${target.id}`, { token: actor.token });
      expect(res.status).toBe(200);
      for (const path of [
        `/v2/client/multi-user/${target.id}`,
        `/v2/client/multi-user/${actor.user.id}`,
        `/v2/client/roles/${role.id}?force=true`,
      ]) {
        expect((await api.call('DELETE', path)).status).toBe(204);
      }
      const { items } = await list(`actorId=${actor.user.id}&action=user.roles_changed`);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        action: 'user.roles_changed',
        actor: { id: actor.user.id, name: 'Gone Admin', email: actor.user.email },
        target: { type: 'user', id: target.id, name: 'Gone Target' },
        changes: [{ field: 'groups', before: [], after: [role.id] }],
        roleNames: { [role.id]: expect.stringMatching(/^Gone role/) },
      });
      const deleted = await list(`action=user.deleted&targetType=user&targetId=${target.id}`);
      expect(deleted.items[0]?.target.name).toBe('Gone Target');
    });
  });

  describe('filters and paging', () => {
    it('when paged two at a time, then every event comes once, newest first, as in one page', async () => {
      const all = await list('limit=200');
      const seen: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: AuditEvent[]; nextCursor: string | null } = await list(
          `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((e) => e.id)).toEqual(all.items.map((e) => e.id));
      const times = seen.map((e) => Date.parse(e.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('when filters combine, then every event shown matches all of them', async () => {
      const ana = people.ana.user.id;
      const byAna = await list(`actorId=${ana}`);
      expect(byAna.items.map((e) => e.action).sort()).toEqual(
        ['auth.signed_in', 'organization.member_added', 'user.permissions_changed'].sort(),
      );
      const several = await list(`actorId=${ana}&action=organization.member_added,user.permissions_changed`);
      expect(several.items.map((e) => e.action).sort()).toEqual([
        'organization.member_added',
        'user.permissions_changed',
      ]);
      const inX = await list(`actorId=${ana}&organizationId=${orgs.x}`);
      expect(inX.items.map((e) => e.action)).toEqual(['organization.member_added']);
      // Her sign-in came straight from the test client (no BFF header): api.
      expect((await list(`actorId=${ana}&source=api`)).items.map((e) => e.action)).toEqual(['auth.signed_in']);
      const bobs = await list(`userId=${people.bob.user.id}`);
      expect(bobs.items.map((e) => e.action).sort()).toEqual(
        ['auth.signed_in', 'user.created', 'user.permissions_changed'].sort(),
      );
    });

    it('when searched by a captured name or email, then the events naming it come, case-insensitively', async () => {
      const found = await list('q=ana%20SILVA');
      expect(found.items.length).toBeGreaterThan(0);
      for (const e of found.items) {
        expect(`${e.actor?.name} ${e.actor?.email} ${e.target.name}`.toLowerCase()).toContain('ana silva');
      }
      expect((await list('q=100%25_nobody')).items).toEqual([]);
    });

    it('when searched by a whole email address, then exactly the events by or about that address come', async () => {
      const bob = people.bob.user;
      // An address that contains Bob's: a contains-search would bring its events too.
      const longer = await api.createUser({ email: `x${bob.email}` });
      const found = await list(`q=${encodeURIComponent(bob.email.toUpperCase())}&limit=200`);
      expect(found.items.map((e) => e.action).sort()).toEqual(
        ['auth.signed_in', 'user.created', 'user.permissions_changed'].sort(),
      );
      for (const e of found.items) expect([e.actor?.id, e.target.id]).toContain(bob.id);
      const theLonger = await list(`q=${encodeURIComponent(longer.email)}`);
      expect(theLonger.items.map((e) => e.target.id)).toEqual([longer.id]);
    });

    it('when a time range is given, then only events inside it come (from inclusive, to exclusive)', async () => {
      const { items } = await list('limit=200');
      const newest = items[0] as AuditEvent;
      const at = newest.createdAt;
      const onlyNewest = await list(`from=${encodeURIComponent(at)}`);
      expect(onlyNewest.items.every((e) => e.createdAt >= at)).toBe(true);
      expect(onlyNewest.items.map((e) => e.id)).toContain(newest.id);
      const before = await list(`to=${encodeURIComponent(at)}&limit=200`);
      expect(before.items.map((e) => e.id)).not.toContain(newest.id);
      expect(before.items.every((e) => e.createdAt < at)).toBe(true);
    });

    it.each([
      ['cursor=not-a-cursor', 'query.cursor'],
      [`targetId=${'0'.repeat(8)}`, 'query.targetType'],
      ['action=DROP%20TABLE', 'query.action'],
      ['targetType=planet', 'query.targetType'],
      ['from=yesterday', 'query.from'],
      ['from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'query.to'],
      ['actorId=nobody', 'query.actorId'],
      ['limit=1000', 'query.limit'],
      ['sort=oldest', 'query.sort'],
    ])('when the query has %s, then 400 naming %s', async (query, path) => {
      const problem = expectProblem(
        await api.call('GET', `${EVENTS}?${query}`, { token: ownerToken }),
        400,
        'validation_failed',
      );
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    });
  });

  describe('who reads what', () => {
    it('when an OWNER or an ADMIN lists, then they read the whole tenant', async () => {
      const asOwner = await list('limit=200');
      const asAdmin = await list('limit=200', { token: people.ana.token });
      const asServer = await list('limit=200', {});
      expect(asAdmin.items.map((e) => e.id)).toEqual(asOwner.items.map((e) => e.id));
      expect(asServer.items.map((e) => e.id)).toEqual(asOwner.items.map((e) => e.id));
      expect(new Set(asOwner.items.map((e) => e.organizationId))).toEqual(new Set([null, orgs.x, orgs.y]));
    });

    it('when a MEMBER lists, then they read only the events they made or that were about them', async () => {
      const bob = people.bob.user.id;
      const { items } = await list('limit=200', { token: people.bob.token });
      expect(items.length).toBeGreaterThan(0);
      for (const e of items)
        expect(e.actor?.id === bob || (e.target.type === 'user' && e.target.id === bob)).toBe(true);
      // Bob was added to X: an organization event, not about his user, so not his to read.
      expect(items.map((e) => e.action)).not.toContain('organization.member_added');
      const other = (await list('action=organization.created')).items[0] as AuditEvent;
      expectProblem(await api.call('GET', `${EVENTS}/${other.id}`, { token: people.bob.token }), 404, 'not_found');
      const own = items[0] as AuditEvent;
      expect((await api.call('GET', `${EVENTS}/${own.id}`, { token: people.bob.token })).status).toBe(200);
    });

    it("when an ORG_ADMIN lists, then they read their organizations' events and their own, not another organization's", async () => {
      const carol = people.carol.user.id;
      const { items } = await list('limit=200', { token: people.carol.token });
      for (const e of items) {
        expect(e.organizationId === orgs.x || e.actor?.id === carol || e.target.id === carol).toBe(true);
      }
      expect(items.some((e) => e.organizationId === orgs.x && e.action === 'organization.member_added')).toBe(true);
      expect(items.some((e) => e.organizationId === orgs.y)).toBe(false);
      const inY = (await list(`organizationId=${orgs.y}`)).items[0] as AuditEvent;
      expectProblem(await api.call('GET', `${EVENTS}/${inY.id}`, { token: people.carol.token }), 404, 'not_found');
      // Asking for Y by filter narrows, never widens.
      expect((await list(`organizationId=${orgs.y}`, { token: people.carol.token })).items).toEqual([]);
    });

    it("when another tenant asks for this tenant's event, then 404, and its list never shows it", async () => {
      await addTenant(iam.db);
      const mine = (await list('limit=1')).items[0] as AuditEvent;
      expectProblem(
        await api.call('GET', `${EVENTS}/${mine.id}`, { credentials: OTHER_TENANT_CREDENTIALS }),
        404,
        'not_found',
      );
      const theirs = await list('limit=200', { credentials: OTHER_TENANT_CREDENTIALS });
      expect(theirs.items.map((e) => e.id)).not.toContain(mine.id);
      expect(theirs.items.every((e) => e.actor?.email !== TEST_OWNER.email)).toBe(true);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await api.call('GET', `${EVENTS}/${unknown}`, { token: ownerToken }), 404, 'not_found');
    });
  });

  describe('append-only', () => {
    it('when the registry is read, then no route changes or deletes an event', () => {
      const writes = routeList.filter((r) => r.path.startsWith(EVENTS) && r.method !== 'get');
      // The only write is the revert, which records a new event (see audit.table.test.ts).
      expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`post ${EVENTS}/{eventId}/revert`]);
    });

    it('when an event is PATCHed, PUT or DELETEd, then it is refused and stays as it was', async () => {
      const event = (await list('limit=1')).items[0] as AuditEvent;
      for (const method of ['PATCH', 'PUT', 'DELETE']) {
        const res = await api.call(method, `${EVENTS}/${event.id}`, { token: ownerToken, body: { action: 'x.y' } });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      expect((await api.call('GET', `${EVENTS}/${event.id}`, { token: ownerToken })).json).toEqual(event);
    });
  });

  describe('export', () => {
    it('when exported as NDJSON, then each line is one event, exactly as the list shows them with the same filters', async () => {
      const filter = `actorId=${people.ana.user.id}`;
      const res = await fetch(`${iam.url}${EVENTS}/export?format=ndjson&${filter}`, {
        headers: { authorization: basicAuth(), 'x-actor-token': ownerToken },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/x-ndjson');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-.+\.ndjson"$/);
      const lines = (await res.text()).split('\n').filter(Boolean);
      const events = lines.map((line) => auditEventSchema.parse(JSON.parse(line)));
      expect(events).toEqual((await list(filter)).items);
    });

    it('when exported as CSV, then cells that a spreadsheet would run as a formula are neutralised, and rows match the filter', async () => {
      const sneaky = await api.createUser({
        email: email('sneaky'),
        firstName: '=HYPERLINK("http://evil.example","x")',
        lastName: '+1',
      });
      await api.arrange('PATCH', `/v2/client/multi-user/${sneaky.id}`, { firstName: '@SUM(A1)' });
      const filter = `targetType=user&targetId=${sneaky.id}`;
      const res = await fetch(`${iam.url}${EVENTS}/export?format=csv&${filter}`, {
        headers: { authorization: basicAuth(), 'x-actor-token': ownerToken },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const [header, ...rows] = parseCsv(await res.text());
      expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
      const listed = (await list(filter)).items;
      expect(rows.map((r) => r[0])).toEqual(listed.map((e) => e.id));
      const targetName = AUDIT_CSV_COLUMNS.indexOf('targetName');
      expect(rows.map((r) => r[targetName])).toEqual([`'@SUM(A1) +1`, `'=HYPERLINK("http://evil.example","x") +1`]);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });

    it('when a MEMBER exports, then they get only what they may read', async () => {
      const res = await fetch(`${iam.url}${EVENTS}/export?format=ndjson`, {
        headers: { authorization: basicAuth(), 'x-actor-token': people.bob.token },
      });
      const events = (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => auditEventSchema.parse(JSON.parse(l)));
      expect(events.map((e) => e.id)).toEqual(
        (await list('limit=200', { token: people.bob.token })).items.map((e) => e.id),
      );
    });

    it('when the format is missing or unknown, then 400 naming it', async () => {
      for (const q of ['', '?format=xlsx']) {
        const problem = expectProblem(
          await api.call('GET', `${EVENTS}/export${q}`, { token: ownerToken }),
          400,
          'validation_failed',
        );
        expect(problem.errors?.map((e) => e.path)).toContain('query.format');
      }
    });
  });

  it('when the owner reads their own activity, then it is the audit list filtered by them', async () => {
    const res = await api.call('GET', `/v2/client/multi-user/${owner.id}/activity`, { token: ownerToken });
    expect(auditEventPageSchema.parse(res.json).items).toEqual((await list(`userId=${owner.id}`)).items);
  });
});

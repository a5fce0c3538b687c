import { userSorts } from '@team-access/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient, iamClient } from '../testing/client.ts';
import { testDatabases } from '../testing/databases.ts';
import { startTestIam, type TestIam } from '../testing/harness.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const tagOf = (cursor: string) => (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { k: string }).k;
const UUID = '5f0c3d4e-8a6b-4c2d-9e1f-0a1b2c3d4e5f';

/** Cursors that look right but hold what no page of this server ever ends with. */
const forgedCursors = (tag: string) => [
  ...(/At$/.test(tag) || tag === 'invitations'
    ? ['2024-02-31 10:00:00+00', '2024-13-01 10:00:00+00', '2024-01-01 25:61:61+00', '0000-01-01 00:00:00+00']
        .concat(['2024-01-01 00:00:00+99', 'yesterday', '+infinity'])
        .map((v) => b64(JSON.stringify({ k: tag, v, i: UUID })))
    : []),
  b64(JSON.stringify({ k: tag, v: 'a\u0000b', i: UUID })),
  b64(JSON.stringify({ k: tag, v: '\ud800', i: UUID })),
  b64(JSON.stringify({ k: tag, v: 'x'.repeat(401), i: UUID })),
  b64(JSON.stringify({ k: tag, v: 'x', i: 'not-a-uuid' })),
  b64(JSON.stringify({ k: tag, v: 'x', i: UUID.toUpperCase() })),
  b64(JSON.stringify({ k: tag, v: 'x', i: UUID, extra: 1 })),
  b64(JSON.stringify({ i: UUID, v: 'x', k: tag })),
  b64(JSON.stringify({ k: tag, v: 1, i: UUID })),
  b64(JSON.stringify([tag, 'x', UUID])),
  b64('null'),
  b64('"text"'),
  'not a cursor',
  '!!!!',
];

describe.each(testDatabases)('every list under forged cursors on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let drop: () => Promise<void>;
  /** Each list's path (without query) and a real cursor it handed out. */
  const lists: { name: string; path: string; query: string; cursor: string }[] = [];

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    iam = await startTestIam(created.db);
    api = iamClient(iam.url);
    const users = [
      await api.createUser({ email: 'ann@example.com', firstName: 'Ann' }),
      await api.createUser({ email: 'bob@example.com', firstName: 'Bob' }),
      await api.createUser({ email: 'cy@example.com', firstName: 'Cy' }),
    ];
    await api.signIn('ann@example.com', 'long enough password');
    const role = (await api.call('POST', '/v2/client/roles', { body: { name: 'Cursor role' } })).json as { id: string };
    const org = (await api.call('POST', '/v2/client/organizations', { body: { name: 'Cursor org A' } })).json as {
      id: string;
    };
    await api.call('POST', '/v2/client/organizations', { body: { name: 'Cursor org B' } });
    for (const user of users) {
      await api.call('PUT', `/v2/client/roles/${role.id}/members/${user.id}`);
      await api.call('POST', `/v2/client/organizations/${org.id}/members`, {
        body: { userId: user.id, orgRole: 'ORG_MEMBER' },
      });
    }
    for (const name of ['dee', 'ed']) {
      await api.call('POST', '/v2/client/invitations', { body: { email: `${name}@example.com` } });
    }
    const firstCursor = async (path: string, query: string) => {
      const res = await api.call('GET', `${path}?${query}&limit=1`);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const cursor = (res.json as { nextCursor: string | null }).nextCursor;
      expect(cursor, path).toBeTypeOf('string');
      return cursor as string;
    };
    const add = async (name: string, path: string, query = '') =>
      lists.push({ name, path, query, cursor: await firstCursor(path, query) });
    for (const sort of userSorts) await add(`users sort=${sort}`, '/v2/client/multi-user', `sort=${sort}`);
    await add('role members', `/v2/client/roles/${role.id}/members`);
    await add('organizations', '/v2/client/organizations');
    await add('organization members', `/v2/client/organizations/${org.id}/members`);
    await add('invitations', '/v2/client/invitations');
  }, 60_000);
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });

  const page = (list: (typeof lists)[number], cursor: string) =>
    api.call('GET', `${list.path}?${list.query}&limit=1&cursor=${encodeURIComponent(cursor)}`);

  it('when a list gets the cursor it handed out, then the next page', async () => {
    for (const list of lists) expect((await page(list, list.cursor)).status, list.name).toBe(200);
  });

  it('when a list gets a well-formed cursor holding an impossible value, then a 400 naming query.cursor', async () => {
    for (const list of lists) {
      for (const forged of forgedCursors(tagOf(list.cursor))) {
        const res = await page(list, forged);
        const problem = expectProblem(res, 400, 'validation_failed');
        expect(
          problem.errors?.map((e) => e.path),
          `${list.name}: ${forged}`,
        ).toEqual(['query.cursor']);
      }
    }
  });

  it("when a list gets another list's cursor, then a 400 naming query.cursor", async () => {
    for (const list of lists) {
      for (const other of lists) {
        if (tagOf(other.cursor) === tagOf(list.cursor)) continue;
        const res = await page(list, other.cursor);
        expect(expectProblem(res, 400, 'validation_failed').errors?.[0]?.path, `${other.name} → ${list.name}`).toBe(
          'query.cursor',
        );
      }
    }
  });

  it('when random and mutated cursors are sent to every list, then a 400 naming query.cursor or a page, never a 5xx', async () => {
    const anyList = fc.constantFrom(...lists);
    const mutated = fc
      .record({ list: anyList, at: fc.nat(), replacement: fc.string({ maxLength: 3 }), cut: fc.boolean() })
      .map(({ list, at, replacement, cut }) => {
        const cursor = list.cursor;
        const i = at % cursor.length;
        return cut ? cursor.slice(0, i) : cursor.slice(0, i) + replacement + cursor.slice(i + 1);
      });
    const decodedMutation = fc
      .record({ list: anyList, field: fc.constantFrom('k', 'v', 'i'), value: fc.oneof(fc.string(), fc.jsonValue()) })
      .map(({ list, field, value }) => {
        const data = JSON.parse(Buffer.from(list.cursor, 'base64url').toString());
        return b64(JSON.stringify({ ...data, [field]: value }));
      });
    const cursor = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.base64String({ maxLength: 200 }),
      fc.jsonValue().map((value) => b64(JSON.stringify(value))),
      mutated,
      decodedMutation,
    );
    await fc.assert(
      fc.asyncProperty(anyList, cursor, async (list, value) => {
        const res = await page(list, value);
        const context = JSON.stringify({ list: list.name, value, answer: res.json });
        if (res.status === 200) return;
        expect(res.status, context).toBe(400);
        expect(
          (res.json as { errors?: { path: string }[] }).errors?.map((e) => e.path),
          context,
        ).toContain('query.cursor');
      }),
      { numRuns: 600 },
    );
  }, 300_000);
});

import { permissionKeys, type Role } from '@team-access/contract';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { expectRefused, invalidBodies, notString, unknownFields } from '../../testing/invalid-bodies.ts';
import { useTestIam } from '../../testing/suite.ts';

const VALID = { name: 'Valid role', description: 'A valid description', permissions: ['ignite', 'journey'] };

const known = new Set<string>(permissionKeys);

/** Each mutation alone makes a body invalid; a case applies one to three of them. */
const mutation = fc.oneof(
  fc.record({
    name: fc.oneof(
      notString,
      fc.constantFrom('', '   ', '\t'),
      fc.string({ minLength: 101, maxLength: 200 }).filter((s) => s.trim().length > 100),
      fc.string({ minLength: 1, maxLength: 20 }).map((s) => `a${s}\u0000b`),
    ),
  }),
  fc.record({
    description: fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.object(),
      fc.string({ minLength: 501, maxLength: 700 }).filter((s) => s.trim().length > 500),
      fc.constantFrom('line\nbreak', 'bell\u0007'),
    ),
  }),
  fc.record({
    permissions: fc.oneof(
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object(), fc.string()),
      fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.constant('')), { minLength: 1, maxLength: 3 }),
      fc.array(
        fc.string({ minLength: 1, maxLength: 64 }).filter((k) => !known.has(k)),
        { minLength: 1, maxLength: 3 },
      ),
      fc.constantFrom(...permissionKeys).map((k) => [k, k]),
      fc.constant(Array.from({ length: 101 }, (_, i) => `key${i}`)),
    ),
  }),
  unknownFields(Object.keys(VALID)),
);

const invalidBody = invalidBodies(VALID, mutation);

describe.each(testDatabases)('roles API under generated invalid bodies on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));
  let target: Role;

  beforeAll(async () => {
    target = (await api.call('POST', '/v2/client/roles', { body: { name: 'Target', permissions: ['ignite'] } })).json;
  });

  const snapshot = async () =>
    JSON.stringify(
      await iam.db.query(
        `select (select json_agg(r order by r.id) from roles r) as roles,
                (select count(*)::int from audit_events) as events`,
      ),
    );

  it('when hundreds of invalid bodies are sent to create and update a role, then never a 5xx and never a changed row', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(invalidBody, fc.boolean(), async (body, create) => {
        const res = create
          ? await api.call('POST', '/v2/client/roles', { body })
          : await api.call('PATCH', `/v2/client/roles/${target.id}`, { body });
        expectRefused(res, body);
      }),
      { numRuns: 400 },
    );
    expect(await snapshot()).toBe(before);
    expect((await api.call('GET', `/v2/client/roles/${target.id}`)).json).toEqual(target);
  }, 300_000);
});

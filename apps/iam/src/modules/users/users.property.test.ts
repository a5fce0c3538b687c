import { permissionKeys, type User } from '@team-access/contract';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { expectRefused, invalidBodies, notString, unknownFields } from '../../testing/invalid-bodies.ts';
import { useTestIam } from '../../testing/suite.ts';

const VALID = {
  email: 'valid.person@example.com',
  password: 'a valid password',
  permissions: { ignite: true, journey: false },
  role: 'MEMBER',
  firstName: 'Valid',
  lastName: 'Person',
  phone: '+1 555 0100',
};

const known = new Set<string>(permissionKeys);
// For fields that PATCH may clear with null, or that take an array: values wrong in every case.
const neverValid = fc.oneof(fc.integer(), fc.boolean(), fc.object(), fc.string());

/** Each mutation alone makes a body invalid; a case applies one to three of them. */
const mutation = fc.oneof(
  fc.record({
    email: fc.oneof(
      notString,
      fc.string().filter((s) => !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(s.trim())),
    ),
  }),
  fc.record({
    password: fc.oneof(notString, fc.string({ maxLength: 7 }), fc.string({ minLength: 129, maxLength: 300 })),
  }),
  fc.record({
    role: fc.oneof(
      notString,
      fc.string().filter((s) => !['OWNER', 'ADMIN', 'MEMBER'].includes(s)),
    ),
  }),
  fc.record({
    permissions: fc.oneof(
      notString.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
      fc.dictionary(fc.constantFrom(...permissionKeys), fc.oneof(fc.integer(), fc.string(), fc.constant(null)), {
        minKeys: 1,
      }),
      fc.dictionary(
        fc.string().filter((k) => !known.has(k)),
        fc.boolean(),
        { minKeys: 1 },
      ),
    ),
  }),
  fc.record({
    phone: fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.object(),
      fc.string().filter((s) => !/^\+?[0-9][0-9 ().-]{2,30}$/.test(s.trim())),
    ),
  }),
  fc.record({ firstName: fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 101, maxLength: 200 })) }),
  fc.record({ groups: fc.oneof(neverValid, fc.array(fc.string({ maxLength: 10 }), { minLength: 1 })) }),
  unknownFields([...Object.keys(VALID), 'groups', 'status']),
);

const invalidBody = invalidBodies(VALID, mutation);

describe.each(testDatabases)('users API under generated invalid bodies on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));
  let target: User;

  beforeAll(async () => {
    target = await api.createUser({ email: 'target@example.com' });
  });

  const snapshot = async () =>
    JSON.stringify(
      await iam.db.query(
        `select (select count(*)::int from users) as users, (select count(*)::int from audit_events) as events,
                (select count(*)::int from idempotency_keys) as keys`,
      ),
    );

  it('when thousands of invalid bodies are sent to create and update, then never a 5xx and never a changed row', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(invalidBody, fc.boolean(), async (body, create) => {
        const res = create
          ? await api.call('POST', '/v2/client/multi-user', { body, headers: { 'idempotency-key': 'generated' } })
          : await api.call('PATCH', `/v2/client/multi-user/${target.id}`, { body });
        expectRefused(res, body);
      }),
      { numRuns: 1500 },
    );
    expect(await snapshot()).toBe(before);
    expect((await api.call('GET', `/v2/client/multi-user/${target.id}`)).json).toEqual(target);
  }, 300_000);
});

import { type Organization, orgRoles, SLUG_PATTERN, type User } from '@team-access/contract';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { expectRefused, invalidBodies, notString, unknownFields } from '../../testing/invalid-bodies.ts';
import { useTestIam } from '../../testing/suite.ts';

const VALID_ORGANIZATION = { name: 'Valid Organization', slug: 'valid-organization', description: 'Fine' };

// For fields that accept null: values wrong in every case.
const neverString = fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string()), fc.object());
const controlled = fc.string().map((s) => `${s}\u0007`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notUuid = fc.oneof(
  notString,
  fc.string().filter((s) => !UUID.test(s)),
);

/** Each mutation alone makes an organization body invalid (on create and on update). */
const organizationMutation = fc.oneof(
  fc.record({
    name: fc.oneof(
      notString,
      fc.constantFrom('', '   '),
      fc.string({ minLength: 101, maxLength: 200 }).filter((s) => s.trim().length > 100),
      controlled,
    ),
  }),
  fc.record({
    slug: fc.oneof(
      notString,
      fc.string().filter((s) => {
        const t = s.trim();
        return t.length < 2 || t.length > 63 || !SLUG_PATTERN.test(t);
      }),
    ),
  }),
  fc.record({
    description: fc.oneof(
      neverString,
      fc.string({ minLength: 501, maxLength: 700 }).filter((s) => s.trim().length > 500),
      controlled,
    ),
  }),
  unknownFields(['name', 'slug', 'description', 'ownerUserId']),
);

describe.each(testDatabases)('organizations API under generated invalid bodies on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));
  let target: Organization;
  let outsider: User;

  beforeAll(async () => {
    const owner = await api.createUser({ email: 'org-owner@example.com' });
    outsider = await api.createUser({ email: 'outsider@example.com' });
    target = (await api.call('POST', '/v2/client/organizations', { body: { name: 'Target', ownerUserId: owner.id } }))
      .json;
  });

  const snapshot = async () =>
    JSON.stringify(
      await iam.db.query(
        `select (select count(*)::int from organizations) as organizations,
                (select count(*)::int from organization_members) as members,
                (select count(*)::int from audit_events) as events`,
      ),
    );

  it('when invalid bodies are sent to create and update an organization, then never a 5xx and never a change', async () => {
    const before = await snapshot();
    const createMutation = fc.oneof(organizationMutation, fc.record({ ownerUserId: fc.oneof(notUuid, fc.uuid()) }));
    await fc.assert(
      fc.asyncProperty(
        invalidBodies(VALID_ORGANIZATION, createMutation),
        invalidBodies({ name: 'Renamed' }, organizationMutation),
        fc.boolean(),
        async (createBody, updateBody, create) => {
          const res = create
            ? await api.call('POST', '/v2/client/organizations', { body: createBody })
            : await api.call('PATCH', `/v2/client/organizations/${target.id}`, { body: updateBody });
          expectRefused(res, create ? createBody : updateBody);
        },
      ),
      { numRuns: 400 },
    );
    expect(await snapshot()).toBe(before);
    expect((await api.call('GET', `/v2/client/organizations/${target.id}`)).json).toEqual(target);
  }, 300_000);

  it('when invalid bodies are sent to add a member, then never a 5xx and never a change', async () => {
    const before = await snapshot();
    const mutation = fc.oneof(
      fc.record({ userId: fc.oneof(notUuid, fc.uuid()) }),
      fc.record({
        orgRole: fc.oneof(
          notString,
          fc.string().filter((s) => !(orgRoles as readonly string[]).includes(s)),
        ),
      }),
      unknownFields(['userId', 'orgRole']),
    );
    await fc.assert(
      fc.asyncProperty(invalidBodies({ userId: outsider.id, orgRole: 'ORG_MEMBER' }, mutation), async (body) => {
        const res = await api.call('POST', `/v2/client/organizations/${target.id}/members`, { body });
        expectRefused(res, body);
      }),
      { numRuns: 300 },
    );
    expect(await snapshot()).toBe(before);
  }, 300_000);
});

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * Organization memberships against a user's deletion, interleaved on a real PostgreSQL: a second
 * connection holds a transaction open at the critical point (PGlite runs one transaction at a time).
 */
const postgres = testDatabases.find((d) => d.name === 'postgres');
const PASSWORD = 'a long enough password';

describe.runIf(postgres)('organization memberships racing a user deletion, on postgres', () => {
  let iam: TestIam;
  let api: IamClient;
  let url: string;
  useTestIam(postgres as NonNullable<typeof postgres>, (suite) => {
    ({ iam, api } = suite);
    url = suite.databaseUrl as string;
  });
  let seq = 0;

  const newUser = async () =>
    (await api.createUser({ email: `racer.${++seq}@example.com`, password: PASSWORD })).id as string;
  const newOrganization = async () => {
    const res = await api.call('POST', '/v2/client/organizations', { body: { name: `Race ${++seq}` } });
    return (res.json as { id: string }).id;
  };
  const add = async (organizationId: string, userId: string, orgRole: string) => {
    const res = await api.call('POST', `/v2/client/organizations/${organizationId}/members`, {
      body: { userId, orgRole },
    });
    expect(res.status).toBe(201);
  };
  const owners = async (organizationId: string) =>
    (
      await iam.db.query<{ n: number }>(
        `select count(*)::int as n from organization_members where organization_id = $1 and org_role = 'ORG_OWNER'`,
        [organizationId],
      )
    )[0]?.n;

  /** A transaction on its own connection, left open until `finish`. */
  async function openTransaction() {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('begin');
    return {
      query: (sql: string, params: unknown[]) => client.query(sql, params),
      async finish() {
        await client.query('commit');
        await client.end();
      },
    };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('when a member is made the only ORG_OWNER while their deletion waits, then the deletion is refused, not an ownerless organization', async () => {
    const [leaving, owner] = [await newUser(), await newUser()];
    const organization = await newOrganization();
    await add(organization, owner, 'ORG_OWNER');
    await add(organization, leaving, 'ORG_MEMBER');

    // A member change in flight holds the organization; the deletion must wait for it…
    const change = await openTransaction();
    await change.query('select id from organizations where id = $1 for update', [organization]);
    const deletion = api.call('DELETE', `/v2/client/multi-user/${leaving}`);
    await settle();
    // …which makes the leaving member its only owner.
    await change.query(
      `update organization_members set org_role = 'ORG_OWNER' where organization_id = $1 and user_id = $2`,
      [organization, leaving],
    );
    await change.query('delete from organization_members where organization_id = $1 and user_id = $2', [
      organization,
      owner,
    ]);
    await change.finish();

    expectProblem(await deletion, 409, 'last_org_owner');
    expect(await owners(organization)).toBe(1);
  });

  it('when a member is re-roled while the user is being deleted, then 404, not a 5xx', async () => {
    const [leaving, owner] = [await newUser(), await newUser()];
    const organization = await newOrganization();
    await add(organization, owner, 'ORG_OWNER');
    await add(organization, leaving, 'ORG_MEMBER');
    const deletion = await openTransaction();
    await deletion.query('delete from users where id = $1', [leaving]);
    const change = api.call('PATCH', `/v2/client/organizations/${organization}/members/${leaving}`, {
      body: { orgRole: 'ORG_ADMIN' },
    });
    await settle();
    await deletion.finish();
    expectProblem(await change, 404, 'not_found');
  });

  it('when a user is added while being deleted, then 400 naming body.userId, not a 5xx', async () => {
    const [leaving, owner] = [await newUser(), await newUser()];
    const organization = await newOrganization();
    await add(organization, owner, 'ORG_OWNER');
    const deletion = await openTransaction();
    await deletion.query('delete from users where id = $1', [leaving]);
    const adding = api.call('POST', `/v2/client/organizations/${organization}/members`, {
      body: { userId: leaving, orgRole: 'ORG_MEMBER' },
    });
    await settle();
    await deletion.finish();
    const res = await adding;
    expectProblem(res, 400, 'validation_failed');
    expect((res.json as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.userId']);
  });
});

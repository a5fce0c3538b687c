import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { racingDatabase, useRacingIam } from '../../testing/races.ts';

/**
 * Organization memberships against a user's deletion, interleaved on a real PostgreSQL: a second
 * connection holds a transaction open at the critical point (PGlite runs one transaction at a time).
 */
const PASSWORD = 'a long enough password';

describe.runIf(racingDatabase)('organization memberships racing a user deletion, on postgres', () => {
  const suite = useRacingIam();
  let seq = 0;

  const newUser = async () =>
    (await suite.api.createUser({ email: `racer.${++seq}@example.com`, password: PASSWORD })).id as string;
  const newOrganization = async () => {
    const res = await suite.api.call('POST', '/v2/client/organizations', { body: { name: `Race ${++seq}` } });
    return (res.json as { id: string }).id;
  };
  const add = async (organizationId: string, userId: string, orgRole: string) => {
    const res = await suite.api.call('POST', `/v2/client/organizations/${organizationId}/members`, {
      body: { userId, orgRole },
    });
    expect(res.status).toBe(201);
  };
  const owners = async (organizationId: string) =>
    (
      await suite.iam.db.query<{ n: number }>(
        `select count(*)::int as n from organization_members where organization_id = $1 and org_role = 'ORG_OWNER'`,
        [organizationId],
      )
    )[0]?.n;

  /** A fresh organization with its ORG_OWNER, and the user about to be deleted (an ORG_MEMBER of it when `member`). */
  async function organizationAndLeaver(member: boolean) {
    const [leaving, owner] = [await newUser(), await newUser()];
    const organization = await newOrganization();
    await add(organization, owner, 'ORG_OWNER');
    if (member) await add(organization, leaving, 'ORG_MEMBER');
    return { organization, owner, leaving };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('when a member is made the only ORG_OWNER while their deletion waits, then the deletion is refused, not an ownerless organization', async () => {
    const { organization, owner, leaving } = await organizationAndLeaver(true);

    // A member change in flight holds the organization; the deletion must wait for it…
    const change = await suite.openTransaction();
    await change.query('select id from organizations where id = $1 for update', [organization]);
    const deletion = suite.api.call('DELETE', `/v2/client/multi-user/${leaving}`);
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
    const { organization, leaving } = await organizationAndLeaver(true);
    const deletion = await suite.openTransaction();
    await deletion.query('delete from users where id = $1', [leaving]);
    const change = suite.api.call('PATCH', `/v2/client/organizations/${organization}/members/${leaving}`, {
      body: { orgRole: 'ORG_ADMIN' },
    });
    await settle();
    await deletion.finish();
    expectProblem(await change, 404, 'not_found');
  });

  it('when a user is added while being deleted, then 400 naming body.userId, not a 5xx', async () => {
    const { organization, leaving } = await organizationAndLeaver(false);
    const deletion = await suite.openTransaction();
    await deletion.query('delete from users where id = $1', [leaving]);
    const adding = suite.api.call('POST', `/v2/client/organizations/${organization}/members`, {
      body: { userId: leaving, orgRole: 'ORG_MEMBER' },
    });
    await settle();
    await deletion.finish();
    const res = await adding;
    expectProblem(res, 400, 'validation_failed');
    expect((res.json as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.userId']);
  });
});

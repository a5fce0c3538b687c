import { routes } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap.ts';
import { createLogger } from '../../logger.ts';
import { expectProblem, type IamClient, iamClient } from '../../testing/client.ts';
import { TEST_CREDENTIALS, TEST_OWNER } from '../../testing/harness.ts';
import { racingDatabase, useTwoIams } from '../../testing/races.ts';

/**
 * Two IAM instances on one PostgreSQL database, as behind a load balancer: whatever one instance
 * ends (a session, a user, a secret) the other refuses at its very next call, even right after it
 * answered that same caller (ADR 033: client authentication and the session are resolved by one
 * statement at every call, nothing is cached in memory).
 */
describe.runIf(racingDatabase)('two IAM instances on one PostgreSQL database', () => {
  const iams = useTwoIams();
  let a: IamClient;
  let b: IamClient;

  beforeAll(() => {
    a = iamClient(iams.first.url);
    b = iamClient(iams.second.url);
  });

  /** The read the benchmark times: client credentials, the actor's token, the catalog. */
  const read = (api: IamClient, token?: string, credentials = TEST_CREDENTIALS) =>
    api.route(routes.listPermissions, { token, credentials });

  it('when a session is signed out on one instance, then the other refuses it at its next call', async () => {
    const { token } = await a.createSignedIn({ email: 'leaves@example.com', password: 'long enough password' });
    expect((await read(b, token)).status).toBe(200);
    expect((await read(a, token)).status).toBe(200);

    expect((await a.route(routes.signOut, { token })).status).toBe(204);

    expectProblem(await read(b, token), 401, 'unauthenticated');
    expectProblem(await read(a, token), 401, 'unauthenticated');
  });

  it('when a user is deactivated on one instance, then their session is refused on the other at its next call', async () => {
    const owner = await a.signIn(TEST_OWNER.email, TEST_OWNER.password);
    const { user, token } = await a.createSignedIn({ email: 'goes@example.com', password: 'long enough password' });
    expect((await read(b, token)).status).toBe(200);

    const changed = await a.route(routes.updateUser, {
      params: { userId: user.id },
      body: { status: 'inactive' },
      token: owner,
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);

    expectProblem(await read(b, token), 401, 'unauthenticated');
  });

  it("when the tenant's secret changes through one instance, then the old secret is refused on both at the next call", async () => {
    const owner = await a.signIn(TEST_OWNER.email, TEST_OWNER.password);
    expect((await read(b, owner)).status).toBe(200);
    expect((await read(b)).status).toBe(200);
    const rotated = { apiKey: TEST_CREDENTIALS.apiKey, apiSecret: 'as_rotated_secret_long_enough_0003' };

    await bootstrap(iams.first.db, rotated, TEST_OWNER, createLogger('silent', 'iam-test'));

    for (const api of [b, a]) {
      expectProblem(await read(api, owner), 401, 'client_auth_required');
      expectProblem(await read(api), 401, 'client_auth_required');
      expect((await read(api, owner, rotated)).status).toBe(200);
    }
  });
});

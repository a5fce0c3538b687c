import type { User } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * ADR 017 (an ADMIN revokes only what they hold) and ADR 018 (an OWNER's permissions are not
 * switched), end to end in every path that switches a permission. The rules themselves are unit
 * tested in packages/contract/src/rules/rules.test.ts, the one declaration the web calls too.
 */
const PASSWORD = 'a long enough password';

describe.each(testDatabases)('the revoke rule and the owner row on $name', (database) => {
  const suite = useTestIam(database);
  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;
  const rowsOf = async (id: string) =>
    JSON.stringify(await suite.iam.db.query('select permissions, version from users where id = $1', [id]));

  function actorWith(role: 'OWNER' | 'ADMIN', permissions: Record<string, boolean> = {}) {
    return suite.api.createSignedIn({ email: email(role.toLowerCase()), password: PASSWORD, role, permissions });
  }

  it('when an ADMIN revokes in bulk what they do not hold, then 403 names the entry and nothing changes', async () => {
    const { api } = suite;
    const admin = await actorWith('ADMIN', { ignite: true });
    const target: User = await api.createUser({ email: email('target'), permissions: { ignite: true, billing: true } });
    const before = await rowsOf(target.id);
    const res = await api.call('POST', '/v2/client/permission-changes', {
      token: admin.token,
      body: { changes: [{ userId: target.id, version: target.version, grant: [], revoke: ['ignite', 'billing'] }] },
    });
    const problem = expectProblem(res, 403, 'forbidden');
    expect(problem.errors).toEqual([
      {
        path: 'body.changes.0.revoke.1',
        message: 'You do not hold "billing", so you cannot revoke it',
        code: 'forbidden',
      },
    ]);
    expect(await rowsOf(target.id)).toBe(before);
    // Revoking one they do not hold that the user does not have either is no change, so no refusal.
    const ok = await api.call('POST', '/v2/client/permission-changes', {
      token: admin.token,
      body: { changes: [{ userId: target.id, version: target.version, grant: [], revoke: ['ignite', 'webhooks'] }] },
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect((ok.json as { items: User[] }).items[0]?.permissions).toMatchObject({ ignite: false, billing: true });
  });

  it("when anyone switches an OWNER's permissions, then 400 names them and nothing changes; other edits pass", async () => {
    const { api } = suite;
    const owner = await api.createUser({ email: email('owner'), role: 'OWNER', permissions: { ignite: true } });
    const before = await rowsOf(owner.id);
    const patch = await api.call('PATCH', `/v2/client/multi-user/${owner.id}`, {
      body: { permissions: { ignite: false, billing: true } },
    });
    const problem = expectProblem(patch, 400, 'validation_failed');
    expect(problem.errors?.map((e) => [e.path, e.code])).toEqual([
      ['body.permissions.billing', 'owner_holds_all'],
      ['body.permissions.ignite', 'owner_holds_all'],
    ]);
    const bulk = await api.call('POST', '/v2/client/permission-changes', {
      body: { changes: [{ userId: owner.id, version: owner.version, grant: ['journey'], revoke: [] }] },
    });
    expect(expectProblem(bulk, 400, 'validation_failed').errors?.[0]?.path).toBe('body.changes.0.grant.0');
    expect(await rowsOf(owner.id)).toBe(before);
    // The same map sent again is no switch; a name change passes; a demotion may set permissions.
    const same = await api.call('PATCH', `/v2/client/multi-user/${owner.id}`, {
      body: { firstName: 'Olga', permissions: { ignite: true } },
    });
    expect(same.status, JSON.stringify(same.json)).toBe(200);
    const demoted = await api.call('PATCH', `/v2/client/multi-user/${owner.id}`, {
      body: { role: 'ADMIN', permissions: { ignite: false, billing: true } },
    });
    expect(demoted.status, JSON.stringify(demoted.json)).toBe(200);
    expect(demoted.json).toMatchObject({ role: 'ADMIN', permissions: { ignite: false, billing: true } });
  });
});

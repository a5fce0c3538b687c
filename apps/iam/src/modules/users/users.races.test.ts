import { routes } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { racingDatabase, useRacingIam } from '../../testing/races.ts';

/**
 * Two changes that can each take an owner away, racing on a real PostgreSQL (PGlite runs one
 * transaction at a time). Each locks the tenant's active owners before its own rows, so they queue;
 * locking its own owner first and the others after would let each hold one owner and wait for the
 * other's, which PostgreSQL ends by aborting one of them (a 500).
 */
const PASSWORD = 'a long enough password';

describe.runIf(racingDatabase)('changes of two owners at once, on postgres', () => {
  const suite = useRacingIam();
  let seq = 0;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  const newOwner = async () =>
    suite.api.createUser({ email: `owner${++seq}.race@example.com`, password: PASSWORD, role: 'OWNER' });
  const userPath = (id: string) => routes.updateUser.path.replace('{userId}', id);

  /** A transaction holding every active owner's row, as a change of owners in flight does. */
  const holdOwners = async () => {
    const held = await suite.openTransaction();
    await held.query(`select id from users where role = 'OWNER' and status = 'active' order by id for update`);
    return held;
  };

  const activeOwners = async () =>
    (await suite.iam.db.query<{ id: string }>(`select id from users where role = 'OWNER' and status = 'active'`)).map(
      (r) => r.id,
    );

  it('when two owners are deactivated at the same moment, then both changes succeed and one owner stays', async () => {
    const [x, y] = [await newOwner(), await newOwner()];
    // Both requests arrive while the owners are held, so both wait at the same point.
    const held = await holdOwners();
    const first = suite.api.call('PATCH', userPath(x.id), { body: { status: 'inactive' } });
    const second = suite.api.call('PATCH', userPath(y.id), { body: { status: 'inactive' } });
    await settle();
    await held.finish();
    const answers = await Promise.all([first, second]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const left = await activeOwners();
    expect(left).not.toContain(x.id);
    expect(left).not.toContain(y.id);
    expect(left.length).toBeGreaterThanOrEqual(1);
  });

  it('when the two last owners are deleted and deactivated at the same moment, then one is refused as the last owner, not by a deadlock', async () => {
    const [x, y] = [await newOwner(), await newOwner()];
    await suite.iam.db.query(`update users set status = 'inactive' where role = 'OWNER' and id <> all($1::uuid[])`, [
      [x.id, y.id],
    ]);
    const held = await holdOwners();
    const removal = suite.api.call('DELETE', userPath(x.id));
    const deactivation = suite.api.call('PATCH', userPath(y.id), { body: { status: 'inactive' } });
    await settle();
    await held.finish();
    const [removed, deactivated] = await Promise.all([removal, deactivation]);
    // Whichever went first succeeded; the other found the last active owner and was refused.
    expect([removed.status, deactivated.status].sort((a, b) => a - b)).toEqual([204, 409]);
    const refused = removed.status === 409 ? removed : deactivated;
    expect((refused.json as { code: string }).code).toBe('last_owner');
    expect(await activeOwners()).toHaveLength(1);
  });

  it('when an owner is deactivated while a bulk change deactivates another, then neither deadlocks', async () => {
    const [x, y] = [await newOwner(), await newOwner()];
    const held = await holdOwners();
    const single = suite.api.call('PATCH', userPath(x.id), { body: { status: 'inactive' } });
    const bulk = suite.api.call('POST', routes.applyBulkChange.path, {
      body: { selection: { userIds: [y.id] }, action: { type: 'deactivate' } },
    });
    await settle();
    await held.finish();
    const [edited, applied] = await Promise.all([single, bulk]);
    expect(edited.status, JSON.stringify(edited.json)).toBe(200);
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect((applied.json as { changed: number }).changed).toBe(1);
  });
});

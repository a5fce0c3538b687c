import { bulkResultSchema, routes } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { racingDatabase, useRacingIam } from '../../testing/races.ts';

/**
 * A bulk apply racing single edits on a real PostgreSQL: a second connection holds a transaction
 * open at the critical point (PGlite runs one transaction at a time).
 */
const PASSWORD = 'a long enough password';

describe.runIf(racingDatabase)('a bulk change racing single edits, on postgres', () => {
  const suite = useRacingIam();
  let seq = 0;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  const newUser = async (tag: string, role = 'MEMBER') =>
    suite.api.createUser({ email: `racer${++seq}.${tag}@example.com`, password: PASSWORD, role });

  it('when an edit holding a member commits while the apply waits, then the apply re-plans with it (no lost update, no double change)', async () => {
    const [a, b] = [await newUser('wait'), await newUser('wait')];
    // A single edit in flight holds `a` and deactivates it…
    const edit = await suite.openTransaction();
    await edit.query(`select id from users where id = $1 for update`, [a.id]);
    const apply = suite.api.call('POST', routes.applyBulkChange.path, {
      body: { selection: { filter: { search: '.wait@' } }, action: { type: 'deactivate' } },
    });
    await settle();
    await edit.query(`update users set status = 'inactive', version = version + 1 where id = $1`, [a.id]);
    await edit.finish();
    // …so the apply, once it has the lock, finds `a` inactive already and changes `b` only.
    const res = await apply;
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const result = bulkResultSchema.parse(res.json);
    expect(result.changedUserIds).toEqual([b.id]);
    expect(result.skippedReasons).toEqual([expect.objectContaining({ reason: 'unchanged', count: 1 })]);
    const versions = await suite.iam.db.query<{ id: string; version: number }>(
      'select id, version from users where id = any($1::uuid[])',
      [[a.id, b.id]],
    );
    // `a` moved once (the edit), `b` once (the bulk change).
    expect(Object.fromEntries(versions.map((r) => [r.id, r.version]))).toEqual({
      [a.id]: a.version + 1,
      [b.id]: b.version + 1,
    });
  });

  it('when an owner is being deactivated while a bulk change deactivates the other, then the bulk change keeps it as the last owner', async () => {
    // Only these two are active owners here (the seeded one is set aside for the test's sake).
    const [x, y] = [await newUser('own', 'OWNER'), await newUser('own', 'OWNER')];
    await suite.iam.db.query(`update users set status = 'inactive' where role = 'OWNER' and id <> all($1::uuid[])`, [
      [x.id, y.id],
    ]);
    // A single edit in flight holds `x` (as PATCH does, before it checks the owners)…
    const edit = await suite.openTransaction();
    await edit.query('select id from users where id = $1 for update', [x.id]);
    const apply = suite.api.call('POST', routes.applyBulkChange.path, {
      body: { selection: { userIds: [y.id] }, action: { type: 'deactivate' } },
    });
    await settle();
    // …and deactivates it: the bulk change, waiting on the owners' lock, must then count one owner.
    await edit.query(`update users set status = 'inactive', version = version + 1 where id = $1`, [x.id]);
    await edit.finish();
    const res = await apply;
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const result = bulkResultSchema.parse(res.json);
    expect(result.changed).toBe(0);
    expect(result.skippedReasons).toEqual([expect.objectContaining({ reason: 'last_owner', count: 1 })]);
    const active = await suite.iam.db.query(`select id from users where role = 'OWNER' and status = 'active'`);
    expect(active).toEqual([{ id: y.id }]);
  });
});

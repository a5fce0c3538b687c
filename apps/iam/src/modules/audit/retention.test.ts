import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { createLogger } from '../../logger.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, type TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';
import { createAuditRetention, pruneAuditEvents } from './retention.ts';

/** Writes `n` events `daysAgo` days old in the tenant (retention reads only created_at). */
async function seed(db: Db, tenantId: string, n: number, daysAgo: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await db.query(
    `insert into audit_events (id, tenant_id, action, target_type, target_id, created_at)
     select id, $2, 'role.created', 'role', id::text, now() - make_interval(days => $3::int) - interval '1 minute'
       from unnest($1::uuid[]) as id`,
    [ids, tenantId, daysAgo],
  );
  return ids;
}

const present = async (db: Db, ids: string[]) =>
  (await db.query<{ n: number }>('select count(*)::int as n from audit_events where id = any($1::uuid[])', [ids]))[0]
    ?.n;

describe.each(testDatabases)('audit retention on $name', (database) => {
  let iam: TestIam;
  useTestIam(database, (suite) => ({ iam } = suite));

  it('when events are older than the retention, then they are pruned in batches, in every tenant, and newer ones stay', async () => {
    const other = await addTenant(iam.db);
    const old = [...(await seed(iam.db, iam.tenantId, 25, 31)), ...(await seed(iam.db, other, 5, 400))];
    const kept = [...(await seed(iam.db, iam.tenantId, 5, 29)), ...(await seed(iam.db, other, 5, 0))];
    // A batch of 10: three full batches and an empty one.
    expect(await pruneAuditEvents(iam.db, 30, 10)).toEqual({ outcome: 'pruned', deleted: 30 });
    expect(await present(iam.db, old)).toBe(0);
    expect(await present(iam.db, kept)).toBe(10);
    expect(await pruneAuditEvents(iam.db, 30, 10)).toEqual({ outcome: 'pruned', deleted: 0 });
  });

  it('when retention is unset, then the background pruner deletes nothing; when set, it prunes at start', async () => {
    const old = await seed(iam.db, iam.tenantId, 3, 90);
    const logger = createLogger('silent', 'iam-test');
    const keepAll = createAuditRetention({ db: iam.db, logger, days: undefined });
    keepAll.start();
    await keepAll.stop();
    expect(await present(iam.db, old)).toBe(3);

    const pruner = createAuditRetention({ db: iam.db, logger, days: 60 });
    pruner.start();
    await pruner.stop();
    expect(await present(iam.db, old)).toBe(0);
  });
});

const postgres = testDatabases.find((d) => d.name === 'postgres');

describe.runIf(postgres)('audit retention with several instances, on postgres', () => {
  let iam: TestIam;
  useTestIam(postgres as (typeof testDatabases)[number], (suite) => ({ iam } = suite));

  it('when another instance is pruning, then this one skips the round and deletes nothing', async () => {
    const old = await seed(iam.db, iam.tenantId, 4, 10);
    await iam.db.transaction(async (tx) => {
      // The lock another instance's prune holds while it deletes a batch.
      await tx.query('select pg_advisory_xact_lock(725104912)');
      expect(await pruneAuditEvents(iam.db, 5)).toEqual({ outcome: 'skipped' });
      expect(await present(iam.db, old)).toBe(4);
    });
    expect(await pruneAuditEvents(iam.db, 5)).toEqual({ outcome: 'pruned', deleted: 4 });
  });
});

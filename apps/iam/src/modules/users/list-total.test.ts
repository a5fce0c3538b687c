import { LIST_TOTAL_CAP, type UserList, userListSchema } from '@team-access/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IamClient, iamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { startTestIam, type TestIam } from '../../testing/harness.ts';

/**
 * A list's `total` is exact up to LIST_TOTAL_CAP (10,000) and an estimate beyond it, flagged
 * `totalIsCapped` (ADR 033): a tenant one past the cap, its users inserted by SQL.
 */
describe.each(testDatabases)('the users list total past the cap on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    iam = await startTestIam(created.db);
    api = iamClient(iam.url);
    // The owner and LIST_TOTAL_CAP - 1 more: exactly the cap.
    await iam.db.query(
      `insert into users (id, tenant_id, email, first_name, last_name, role, status, permissions)
       select gen_random_uuid(), $1, 'bulk-' || lpad(n::text, 5, '0') || '@example.com', 'Bulk', 'User ' || n,
              'MEMBER', case when n % 100 = 0 then 'inactive' else 'active' end, '{}'::jsonb
         from generate_series(1, $2::int) n`,
      [iam.tenantId, LIST_TOTAL_CAP - 1],
    );
  }, 60_000);
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });

  async function list(query: string): Promise<UserList> {
    const res = await api.call('GET', `/v2/client/multi-user?${query}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return userListSchema.parse(res.json);
  }

  it('when exactly the cap matches, then the total is exact and not capped', async () => {
    const page = await list('limit=50');
    expect(page.total).toBe(LIST_TOTAL_CAP);
    expect(page.totalIsCapped).toBe(false);
    expect(page.items).toHaveLength(50);
  });

  it('when one more than the cap matches, then the total is an estimate past the cap and says so; filters under the cap stay exact; pages still page', async () => {
    await iam.db.query(
      `insert into users (id, tenant_id, email, role, status, permissions)
       values (gen_random_uuid(), $1, 'one-more@example.com', 'MEMBER', 'active', '{}'::jsonb)`,
      [iam.tenantId],
    );

    const all = await list('limit=50');
    expect(all.totalIsCapped).toBe(true);
    expect(all.total).toBeGreaterThan(LIST_TOTAL_CAP);
    expect(all.items).toHaveLength(50);
    const search = await list('limit=50&search=example.com');
    expect(search.totalIsCapped).toBe(true);
    expect(search.total).toBeGreaterThan(LIST_TOTAL_CAP);

    const inactive = await list('limit=50&status=inactive');
    expect(inactive).toMatchObject({ total: 99, totalIsCapped: false });
    const one = await list('search=one-more');
    expect(one).toMatchObject({ total: 1, totalIsCapped: false });

    const next = await list(`limit=50&cursor=${all.nextCursor}`);
    expect(next.items).toHaveLength(50);
    expect((next.items[0]?.email as string) > (all.items.at(-1)?.email as string)).toBe(true);
    expect(next.totalIsCapped).toBe(true);
  });
});

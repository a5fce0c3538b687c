import { permissionKeys, type User, userListSchema } from '@team-access/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../db/client.ts';
import { type IamClient, iamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { startTestIam, TEST_OWNER, type TestIam } from '../../testing/harness.ts';

/** The Db, counting every SQL statement sent through it (inside transactions too). */
function counting(db: Db): { db: Db; statements: () => number } {
  let n = 0;
  const wrap = (q: Queryable): Queryable => ({
    query(sql, params) {
      n++;
      return q.query(sql, params);
    },
    exec(sql) {
      n++;
      return q.exec(sql);
    },
  });
  return {
    db: {
      ...db,
      ...wrap(db),
      transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
      kind: db.kind,
      ping: () => db.ping(),
      close: () => db.close(),
    },
    statements: () => n,
  };
}

const ROLES = 4;
const USERS = 100;
/** A key no role grants: each user holds it directly. */
const DIRECT = permissionKeys[permissionKeys.length - 1] as string;

describe.each(testDatabases)('the matrix page query count on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let drop: () => Promise<void>;
  let ownerToken: string;
  let statements: () => number;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    const db = counting(created.db);
    statements = db.statements;
    iam = await startTestIam(db.db);
    api = iamClient(iam.url);
    ownerToken = await api.signIn(TEST_OWNER.email, TEST_OWNER.password);
    // ROLES roles of three permissions each; USERS users who each hold three of them and one direct grant.
    for (let r = 0; r < ROLES; r++) {
      const res = await api.call('POST', '/v2/client/roles', {
        body: { name: `Role ${r}`, permissions: permissionKeys.slice(r * 3, r * 3 + 3) },
      });
      expect(res.status).toBe(201);
    }
    await iam.db.query(
      `insert into users (id, tenant_id, email, role, status, permissions)
       select gen_random_uuid(), $1, 'matrix-' || lpad(n::text, 3, '0') || '@example.com', 'MEMBER', 'active',
              jsonb_build_object($3::text, true)
         from generate_series(1, $2::int) n`,
      [iam.tenantId, USERS, DIRECT],
    );
    await iam.db.query(
      `insert into user_roles (tenant_id, user_id, role_id)
       select u.tenant_id, u.id, r.id from users u
         join lateral (select id from roles where tenant_id = u.tenant_id
                        order by md5(u.id::text || roles.id::text) limit 3) r on true
        where u.tenant_id = $1 and u.email like 'matrix-%'`,
      [iam.tenantId],
    );
  });
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });

  /** One matrix page as the BFF asks for it (the signed-in owner's session), and what it cost. */
  async function page(limit: number): Promise<{ items: User[]; statements: number }> {
    const before = statements();
    const res = await api.call('GET', `/v2/client/multi-user?search=matrix-&sort=email&limit=${limit}`, {
      token: ownerToken,
    });
    expect(res.status).toBe(200);
    return { items: userListSchema.parse(res.json).items, statements: statements() - before };
  }

  it('when a page of 5 and a page of 100 users with several roles each are read, then both cost the same few statements and carry every source', async () => {
    const small = await page(5);
    const large = await page(USERS);
    expect(small.items).toHaveLength(5);
    expect(large.items).toHaveLength(USERS);
    // Client credentials with the actor's session (one statement), the page, the total: nothing per user.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBe(3);

    for (const user of large.items) {
      expect(user.groups).toHaveLength(3);
      expect(user.permissionSources[DIRECT]).toEqual([{ type: 'direct' }]);
      const viaRoles = Object.values(user.permissionSources)
        .flat()
        .filter((s) => s.type === 'role');
      expect(viaRoles).toHaveLength(9);
      expect(new Set(viaRoles.map((s) => s.type === 'role' && s.roleId))).toEqual(new Set(user.groups));
      expect(user.effectivePermissions.sort()).toEqual(Object.keys(user.permissionSources).sort());
    }
  });
});

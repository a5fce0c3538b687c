import type { Queryable } from '../../db/client.ts';
import { cappedCountWhere, type ListTotal } from '../../db/rows.ts';

/**
 * The overview's reads (ADR 040), tenant scoped, each on an index of its own: member figures as
 * capped counts (exact up to 10,000, an estimate beyond), pending invitations on their expiry
 * index, sign-ins per day from the counts a trigger keeps, roles and organizations on their
 * tenant indexes. The permission holders are the one read that visits members: exact for a
 * small team, on a sample of pages for a big one.
 */

export interface PermissionCountRow {
  key: string;
  label: string;
  category: string;
  members: number;
}

/** Sign-in activity, not changes: the latest changes leave these out. */
export const SIGN_IN_ACTIVITY = [
  'auth.signed_in',
  'auth.signed_out',
  'auth.sign_in_failed',
  'auth.two_step_failed',
  'auth.recovery_code_used',
];

export const overviewQueries = {
  /**
   * How many members meet `where` (SQL over `users u`, `$1` the tenant, then `params`): exact up
   * to 10,000, the planner's estimate beyond (ADR 033), each on the index its conditions lead.
   */
  members(db: Queryable, tenantId: string, where: string, params: unknown[] = []): Promise<ListTotal> {
    return cappedCountWhere(db, 'users u', { where: ['u.tenant_id = $1', where], params: [tenantId, ...params] });
  },

  async invitations(
    db: Queryable,
    tenantId: string,
    now: Date,
    soon: Date,
  ): Promise<{ pending: number; expiring: number }> {
    const rows = await db.query<{ pending: number; expiring: number }>(
      `select count(*)::int as pending, count(*) filter (where expires_at <= $3)::int as expiring
         from invitations where tenant_id = $1 and status = 'pending' and expires_at > $2`,
      [tenantId, now, soon],
    );
    return rows[0] ?? { pending: 0, expiring: 0 };
  },

  async rolesAndOrganizations(db: Queryable, tenantId: string): Promise<{ roles: number; organizations: number }> {
    const rows = await db.query<{ roles: number; organizations: number }>(
      `select (select count(*) from roles where tenant_id = $1)::int as roles,
              (select count(*) from organizations where tenant_id = $1)::int as organizations`,
      [tenantId],
    );
    return rows[0] ?? { roles: 0, organizations: 0 };
  },

  /** Successful sign-ins per UTC day from `since` on, as the trigger of migration 017 counts them (days with none left out). */
  signInsPerDay(db: Queryable, tenantId: string, since: string): Promise<{ day: string; count: number }[]> {
    return db.query<{ day: string; count: number }>(
      `select to_char(day, 'YYYY-MM-DD') as day, sign_ins as count
         from sign_in_days where tenant_id = $1 and day >= $2::date`,
      [tenantId, since],
    );
  },

  /**
   * For each permission of the catalog, the members other than OWNERs who hold it, directly or
   * through a role (each member once). `sample`: read only about that share of the table's pages
   * (TABLESAMPLE SYSTEM, percent) and answer the members *sampled*, with how many were.
   */
  async permissionHolders(
    db: Queryable,
    tenantId: string,
    samplePercent: number | undefined,
  ): Promise<{ rows: PermissionCountRow[]; sampled: number }> {
    const from = samplePercent === undefined ? 'users u' : `users u tablesample system (${Number(samplePercent)})`;
    const rows = await db.query<PermissionCountRow & { sampled: number }>(
      `with members as materialized (
         select u.id, u.permissions from ${from} where u.tenant_id = $1 and u.role <> 'OWNER'
       ),
       -- Each member's keys once (direct ∪ their roles'), their roles looked up by the member's
       -- key (user_roles_pkey): a big table of assignments is never read whole.
       held as (
         select k.key from members m cross join lateral (
           select d.key from jsonb_each(m.permissions) d where d.value = 'true'::jsonb
           union
           select unnest(r.permissions) from user_roles ur join roles r on r.id = ur.role_id and r.tenant_id = $1
            where ur.user_id = m.id and ur.tenant_id = $1
         ) k
       ),
       counts as (select key, count(*)::int as members from held group by key)
       select p.key, p.label, p.category, coalesce(c.members, 0) as members, (select count(*) from members)::int as sampled
         from permissions p left join counts c on c.key = p.key
        where p.tenant_id = $1
        order by p.position`,
      [tenantId],
    );
    return { rows: rows.map(({ sampled: _, ...row }) => row), sampled: rows[0]?.sampled ?? 0 };
  },
};

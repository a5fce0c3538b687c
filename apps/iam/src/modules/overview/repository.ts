import type { AccessLevel, UserStatus } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

/**
 * The overview's reads (ADR 040). Each is one statement on an index of its own, tenant scoped:
 * the member figures in one index-only pass over users_tenant_role_status_idx (it carries `mfa`
 * and `last_login_at`), the pending invitations on their expiry index, sign-ins per day on
 * audit_events_action_idx, the counts of roles and organizations on their tenant indexes.
 */

export interface MemberFigureRow {
  role: AccessLevel;
  status: UserStatus;
  members: number;
  without_two_step: number;
  inactive_30: number;
  inactive_90: number;
}

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
  /** Members by access level and status, with the active ones' two-step and inactivity counts. */
  memberFigures(db: Queryable, tenantId: string, inactive30: Date, inactive90: Date): Promise<MemberFigureRow[]> {
    return db.query<MemberFigureRow>(
      `select role, status, count(*)::int as members,
              count(*) filter (where not mfa)::int as without_two_step,
              count(*) filter (where last_login_at is null or last_login_at < $2)::int as inactive_30,
              count(*) filter (where last_login_at is null or last_login_at < $3)::int as inactive_90
         from users where tenant_id = $1 group by role, status`,
      [tenantId, inactive30, inactive90],
    );
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

  /** Successful sign-ins per UTC day from `since` on (days with none are left out). */
  signInsPerDay(db: Queryable, tenantId: string, since: Date): Promise<{ day: string; count: number }[]> {
    return db.query<{ day: string; count: number }>(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as count
         from audit_events where tenant_id = $1 and action = 'auth.signed_in' and created_at >= $2
        group by 1`,
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
    const from = samplePercent === undefined ? 'users' : `users tablesample system (${Number(samplePercent)})`;
    const rows = await db.query<PermissionCountRow & { sampled: number }>(
      `with members as materialized (
         select u.id, u.permissions from ${from} u where u.tenant_id = $1 and u.role <> 'OWNER'
       ),
       held as (
         select m.id, d.key from members m cross join lateral jsonb_each(m.permissions) d where d.value = 'true'::jsonb
         union
         select m.id, k.key
           from members m
           join user_roles ur on ur.user_id = m.id and ur.tenant_id = $1
           join roles r on r.id = ur.role_id and r.tenant_id = $1
          cross join lateral unnest(r.permissions) k(key)
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

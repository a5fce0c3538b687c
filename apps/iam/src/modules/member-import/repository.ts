import type { OrgRole } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

/** What an import looks names up in: the tenant's roles and organizations, a member's memberships. */
export const importRepository = {
  async roles(db: Queryable, tenantId: string): Promise<{ id: string; name: string }[]> {
    return db.query(`select id, name from roles where tenant_id = $1`, [tenantId]);
  },

  async organizations(db: Queryable, tenantId: string): Promise<{ id: string; name: string; slug: string }[]> {
    return db.query(`select id, name, slug from organizations where tenant_id = $1 order by created_at, id`, [
      tenantId,
    ]);
  },

  async memberships(db: Queryable, tenantId: string, userId: string): Promise<Map<string, OrgRole>> {
    const rows = await db.query<{ organization_id: string; org_role: OrgRole }>(
      `select organization_id, org_role from organization_members where tenant_id = $1 and user_id = $2`,
      [tenantId, userId],
    );
    return new Map(rows.map((r) => [r.organization_id, r.org_role]));
  },

  /**
   * Members this person changed by import in the last hour (the `user.list_imported` events' counts),
   * and in how many seconds the oldest of those leaves the hour; under a lock on the person, so two
   * imports at once count one after the other.
   */
  async changedInLastHour(
    db: Queryable,
    tenantId: string,
    actorId: string,
  ): Promise<{ count: number; oldestLeavesInSeconds: number }> {
    await db.query(`select pg_advisory_xact_lock(hashtextextended('users-import:' || $1 || ':' || $2, 0))`, [
      tenantId,
      actorId,
    ]);
    const rows = await db.query<{ n: number; leaves: number | null }>(
      `select coalesce(sum((after->>'changed')::int), 0)::int as n,
              ceil(extract(epoch from min(created_at) + interval '1 hour' - now()))::int as leaves
         from audit_events
        where tenant_id = $1 and actor_user_id = $2 and action = 'user.list_imported'
          and created_at > now() - interval '1 hour'`,
      [tenantId, actorId],
    );
    return { count: rows[0]?.n ?? 0, oldestLeavesInSeconds: Math.max(1, rows[0]?.leaves ?? 1) };
  },
};

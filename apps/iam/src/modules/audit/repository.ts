import type { Queryable } from '../../db/client.ts';

/** Recording is shared by every module (kernel/audit.ts); this module reads the trail. */
export { type AuditEntry, auditRepository } from '../../kernel/audit.ts';

export interface AuditRow {
  id: string;
  action: string;
  actor_user_id: string | null;
  actor_email: string | null;
  target_type: string;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  created_at: Date;
}

export const auditQueries = {
  /** The latest events about the user or by them, newest first. */
  async forUser(db: Queryable, tenantId: string, userId: string, limit = 50): Promise<AuditRow[]> {
    return db.query<AuditRow>(
      `select e.id, e.action, e.actor_user_id, a.email as actor_email, e.target_type, e.target_id, e.before, e.after,
              e.created_at
         from audit_events e left join users a on a.id = e.actor_user_id and a.tenant_id = e.tenant_id
        where e.tenant_id = $1 and ((e.target_type = 'user' and e.target_id = $2) or e.actor_user_id = $3)
        order by e.created_at desc, e.id desc
        limit $4`,
      [tenantId, userId, userId, limit],
    );
  },
};

/** The fields that differ between two snapshots (bookkeeping fields left out). */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: unknown; after: unknown }[] {
  const ignored = new Set([
    'updatedAt',
    'version',
    'createdAt',
    'lastLoginAt',
    'effectivePermissions',
    'permissionSources',
  ]);
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((key) => !ignored.has(key))
    .filter((key) => JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after?.[key] ?? null))
    .map((key) => ({ field: key, before: before?.[key] ?? null, after: after?.[key] ?? null }));
}

import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export const auditRepository = {
  async record(db: Queryable, e: AuditEntry): Promise<void> {
    await db.query(
      `insert into audit_events (id, tenant_id, actor_user_id, action, target_type, target_id, before, after, request_id, ip)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        randomUUID(),
        e.tenantId,
        e.actorUserId,
        e.action,
        e.targetType,
        e.targetId,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
        e.requestId ?? null,
        e.ip ?? null,
      ],
    );
  },
  /** Many events in one statement (a bulk change records one per user it changed). */
  async recordMany(db: Queryable, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => ({
      id: randomUUID(),
      tenant_id: e.tenantId,
      actor_user_id: e.actorUserId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      before: e.before ?? null,
      after: e.after ?? null,
      request_id: e.requestId ?? null,
      ip: e.ip ?? null,
    }));
    await db.query(
      `insert into audit_events (id, tenant_id, actor_user_id, action, target_type, target_id, before, after, request_id, ip)
       select e.id, e.tenant_id, e.actor_user_id, e.action, e.target_type, e.target_id, e.before, e.after, e.request_id, e.ip
         from jsonb_to_recordset($1::jsonb) as e(id uuid, tenant_id uuid, actor_user_id uuid, action text,
              target_type text, target_id text, before jsonb, after jsonb, request_id text, ip text)`,
      [JSON.stringify(rows)],
    );
  },
};

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

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
};

import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Caller } from './context.ts';

/** The audit trail's one writer: every module records its events through here. */

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

/** An event the caller made; `actorUserId` names someone else when they act (an invitee accepting). */
export interface AuditEvent {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  actorUserId?: string;
}

/** The entry for an event made by `caller`: their tenant, their user (if any), their request. */
export function auditEntryOf(caller: Caller, e: AuditEvent): AuditEntry {
  return {
    tenantId: caller.tenantId,
    actorUserId: e.actorUserId ?? caller.actor?.user.id ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
    requestId: caller.requestId,
    ip: caller.ip,
  };
}

/** Records one event made by `caller`, in the caller's transaction. */
export function recordAudit(tx: Queryable, caller: Caller, e: AuditEvent): Promise<void> {
  return auditRepository.record(tx, auditEntryOf(caller, e));
}

/** A recorder for one kind of target: `auditOf('role')(tx, caller, 'role.updated', id, before, after)`. */
export function auditOf(targetType: string) {
  return (tx: Queryable, caller: Caller, action: string, targetId: string, before?: unknown, after?: unknown) =>
    recordAudit(tx, caller, { action, targetType, targetId, before, after });
}

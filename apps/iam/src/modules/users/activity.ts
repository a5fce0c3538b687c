import type { AuditEventList } from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import type { Caller } from '../../kernel/context.ts';
import { auditQueries, changedFields } from '../audit/repository.ts';
import { getUser } from './service.ts';

/** The latest audit events about the user or made by them, newest first. */
export async function listUserActivity(db: Db, caller: Caller, userId: string): Promise<AuditEventList> {
  // Reading the user applies the read rule and answers 404 for ids of other tenants.
  await getUser(db, caller, userId);
  const rows = await auditQueries.forUser(db, caller.tenantId, userId);
  return {
    items: rows.map((row) => ({
      id: row.id,
      action: row.action,
      actorUserId: row.actor_user_id,
      actorEmail: row.actor_email,
      targetType: row.target_type,
      targetId: row.target_id,
      changes: changedFields(row.before, row.after),
      createdAt: row.created_at.toISOString(),
    })),
  };
}

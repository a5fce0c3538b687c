import type { AuditEventPage } from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import type { Caller } from '../../kernel/context.ts';
import { getUser } from '../users/service.ts';
import { listAuditEvents } from './service.ts';

/**
 * The latest audit events about the user or made by them, newest first: the audit list filtered by `userId`.
 * Mounted by the audit module (the users module does not depend on it: a revert changes users).
 */
export async function listUserActivity(db: Db, caller: Caller, userId: string): Promise<AuditEventPage> {
  // Reading the user applies the read rule and answers 404 for ids of other tenants.
  await getUser(db, caller, userId);
  return listAuditEvents(db, caller, { userId, limit: 50 });
}

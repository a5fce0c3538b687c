import type { AuditEventPage } from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import type { Caller } from '../../kernel/context.ts';
import { listAuditEvents } from '../audit/service.ts';
import { getUser } from './service.ts';

/** The latest audit events about the user or made by them, newest first: the audit list filtered by `userId`. */
export async function listUserActivity(db: Db, caller: Caller, userId: string): Promise<AuditEventPage> {
  // Reading the user applies the read rule and answers 404 for ids of other tenants.
  await getUser(db, caller, userId);
  return listAuditEvents(db, caller, { userId, limit: 50 });
}

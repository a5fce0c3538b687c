import { type AuditEntry, auditEntryOf } from '../../kernel/audit.ts';
import type { Caller } from '../../kernel/context.ts';
import { groupsOf, type UserRow } from '../users/repository.ts';

/** The audit event for a change of one user's roles: their `groups` (and version) before and after. */
export function userAuditEntry(caller: Caller, before: UserRow, groups: string[], version: number): AuditEntry {
  return auditEntryOf(caller, {
    action: 'user.roles_changed',
    targetType: 'user',
    targetId: before.id,
    before: { groups: groupsOf(before), version: before.version },
    after: { groups: [...groups].sort(), version },
  });
}

import type { AuditEntry } from '../audit/repository.ts';
import { groupsOf, type UserRow } from '../users/repository.ts';
import type { Caller } from '../users/service.ts';

/** The audit event for a change of one user's roles: their `groups` (and version) before and after. */
export function userAuditEntry(caller: Caller, before: UserRow, groups: string[], version: number): AuditEntry {
  return {
    tenantId: caller.tenantId,
    actorUserId: caller.actor?.user.id ?? null,
    action: 'user.roles_changed',
    targetType: 'user',
    targetId: before.id,
    before: { groups: groupsOf(before), version: before.version },
    after: { groups: [...groups].sort(), version },
    requestId: caller.requestId,
    ip: caller.ip,
  };
}

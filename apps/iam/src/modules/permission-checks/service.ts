import {
  type PermissionCheckReason,
  type PermissionCheckResult,
  type PermissionChecksRequest,
  type PermissionChecksResult,
  permissionCheckRefusal,
} from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { type Caller, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import { type CheckRow, permissionCheckRepository } from './repository.ts';

/**
 * `POST /v2/client/permission-checks` (ADR 047): whether each user holds each permission, from
 * the grants the matrix edits, read in one statement for the whole batch.
 */
export async function checkPermissions(
  db: Queryable,
  caller: Caller,
  request: PermissionChecksRequest,
): Promise<PermissionChecksResult> {
  enforce(permissionCheckRefusal(ruleActor(caller.actor)));
  const explain = request.explain === true;
  const rows = await permissionCheckRepository.read(db, caller.tenantId, request.checks, explain);
  return {
    results: request.checks.map((check, i) => {
      const { allowed, reasons } = judge(rows[i] as CheckRow);
      return { ...check, allowed, ...(explain ? { reasons } : {}) } satisfies PermissionCheckResult;
    }),
  };
}

/**
 * One pair's answer. Only an active user is ever allowed; an unknown key or user is refused with
 * its reason alone. An OWNER holds every catalog key by the access level (ADR 018), as the matrix
 * shows their row. For others, the grants in order (direct, then each role by name); a
 * deactivated or invited user keeps them in the explanation, followed by what refuses them.
 */
export function judge(row: CheckRow): { allowed: boolean; reasons: PermissionCheckReason[] } {
  if (row.status === null || row.access_level === null) return { allowed: false, reasons: [{ type: 'unknown_user' }] };
  if (!row.permission_known) return { allowed: false, reasons: [{ type: 'unknown_permission' }] };
  const grants: PermissionCheckReason[] =
    row.access_level === 'OWNER'
      ? [{ type: 'access_level', accessLevel: 'OWNER' }]
      : [
          ...(row.direct ? [{ type: 'direct' as const, auditEventId: row.direct_event_id ?? null }] : []),
          ...row.roles.map((r) => ({
            type: 'role' as const,
            role: { id: r.id, name: r.name },
            auditEventId: r.auditEventId ?? null,
          })),
        ];
  if (row.status === 'inactive') return { allowed: false, reasons: [...grants, { type: 'deactivated' }] };
  if (row.status === 'invited') return { allowed: false, reasons: [...grants, { type: 'invitation_pending' }] };
  return grants.length ? { allowed: true, reasons: grants } : { allowed: false, reasons: [{ type: 'not_granted' }] };
}

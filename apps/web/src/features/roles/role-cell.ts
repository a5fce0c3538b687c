import type { Role } from '@team-access/contract';
import { MANAGE_ROLES_REASON, type RoleAccess } from '@/domain/roles/role-rules.ts';

/** One cell of a role's grid: whether the role holds the permission, and why the viewer may not switch it. */
export interface RoleCell {
  granted: boolean;
  lockedReason: string | undefined;
}

export const PUT_IN_ROLE_REASON = 'You can put in a role only permissions you hold yourself.';

/** Mirrors the IAM API: taking a permission out of a role is always allowed, putting one in needs it held. */
export function roleCell(role: Pick<Role, 'permissions'>, key: string, access: RoleAccess): RoleCell {
  const granted = role.permissions.includes(key);
  let lockedReason: string | undefined;
  if (!access.canManage) lockedReason = MANAGE_ROLES_REASON;
  else if (!granted && !access.canGrant(key)) lockedReason = PUT_IN_ROLE_REASON;
  return { granted, lockedReason };
}

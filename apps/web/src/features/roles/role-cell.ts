import { PUT_IN_ROLE_REFUSAL, type Role } from '@team-access/contract';
import type { RoleAccess } from '@/domain/roles/role-rules.ts';

/** One cell of a role's grid: whether the role holds the permission, and why the viewer may not switch it. */
export interface RoleCell {
  granted: boolean;
  lockedReason: string | undefined;
}

export const PUT_IN_ROLE_REASON = PUT_IN_ROLE_REFUSAL;

/** The IAM API's rule: putting a permission in a role, and taking one out, needs it held (ADR 017). */
export function roleCell(role: Pick<Role, 'permissions'>, key: string, access: RoleAccess): RoleCell {
  const granted = role.permissions.includes(key);
  return { granted, lockedReason: access.whyNotSwitch(key, granted) };
}

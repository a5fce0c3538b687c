import type { PermissionCatalog, Role, RoleDeletionImpact, User } from '@team-access/contract';

/**
 * The IAM API's escalation rule for roles, mirrored so screens show read-only what would be refused:
 * an ADMIN can put into a role, or give someone through a role, only permissions they hold
 * themselves (the Keycloak CVE: a manage-users admin granting admin through a group). An OWNER may
 * do anything; a MEMBER nothing. The API still decides every call.
 */
export interface RoleAccess {
  canManage: boolean;
  /** Whether the person may turn this permission on in a role. */
  canGrant(key: string): boolean;
  /** Why the person cannot give (or put on a member) this role; undefined when they can. */
  whyNotAssign(role: Pick<Role, 'permissions'>): string | undefined;
}

export const MANAGE_ROLES_REASON = 'Only owners and administrators can change roles.';

export function roleAccessFor(me: Pick<User, 'role' | 'effectivePermissions'> | undefined): RoleAccess {
  const level = me?.role;
  const canManage = level === 'OWNER' || level === 'ADMIN';
  const held = new Set(me?.effectivePermissions ?? []);
  const canGrant = (key: string) => level === 'OWNER' || (canManage && held.has(key));
  return {
    canManage,
    canGrant,
    whyNotAssign: (role) => {
      if (!canManage) return MANAGE_ROLES_REASON;
      const missing = role.permissions.filter((key) => !canGrant(key));
      if (missing.length === 0) return undefined;
      return `It grants ${missing.length === 1 ? 'a permission' : `${missing.length} permissions`} you do not hold yourself.`;
    },
  };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "Journey (12), Billing (3)": each permission somebody loses, by its label, most losers first. */
export function describeLosses(impact: RoleDeletionImpact, catalog: PermissionCatalog | undefined): string {
  const labels = new Map(catalog?.items.map((item) => [item.key, item.label]));
  return impact.losses
    .filter((loss) => loss.users > 0)
    .sort((a, b) => b.users - a.users)
    .map((loss) => `${labels.get(loss.permission) ?? loss.permission} (${loss.users.toLocaleString()})`)
    .join(', ');
}

/**
 * The confirm's sentence before deleting a role: "12 members lose Journey (12), Billing (3)", or
 * that nobody loses anything. `inUse` tells the dialog a forced delete is needed.
 */
export function describeDeletionImpact(
  impact: RoleDeletionImpact,
  catalog: PermissionCatalog | undefined,
): { inUse: boolean; sentence: string } {
  if (impact.memberCount === 0) return { inUse: false, sentence: 'Nobody holds this role.' };
  const holders = plural(impact.memberCount, 'member holds', 'members hold');
  const losers = Math.max(0, ...impact.losses.map((loss) => loss.users));
  if (losers === 0) {
    return {
      inUse: true,
      sentence: `${holders} this role; nobody loses a permission (they hold each one directly or through another role).`,
    };
  }
  return {
    inUse: true,
    sentence: `${holders} this role. ${plural(losers, 'member loses', 'members lose')} ${describeLosses(impact, catalog)}.`,
  };
}

/** The roles a user holds, by name, from the list of roles (ids the list does not know are left out). */
export function rolesOf(user: Pick<User, 'groups'>, roles: readonly Role[]): Role[] {
  const held = new Set(user.groups);
  return roles.filter((role) => held.has(role.id));
}

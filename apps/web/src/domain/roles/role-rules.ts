import {
  MANAGE_ROLES_REFUSAL,
  mayManageRoles,
  type PermissionCatalog,
  type Role,
  type RoleDeletionImpact,
  roleCellRefusal,
  roleDeleteRefusal,
  roleHandoverMessage,
  type User,
} from '@team-access/contract';
import { type RulePerson, ruleActorOf } from '@/domain/users/access.ts';

/**
 * The IAM API's own rules for roles (packages/contract/src/rules), called here so screens show
 * read-only what would be refused, with the API's sentence: an ADMIN puts into a role, takes out
 * of one, gives or takes away through one only permissions they hold themselves (the Keycloak CVE:
 * a manage-users admin granting admin through a group; ADR 017 for revoking). An OWNER may do
 * anything; a MEMBER nothing. The API still decides every call.
 */
export interface RoleAccess {
  canManage: boolean;
  /** Whether the person may turn this permission on in a role. */
  canGrant(key: string): boolean;
  /** Whether the person may take this permission out of a role. */
  canRevoke(key: string): boolean;
  /** Why the person cannot switch the permission in a role; undefined when they can. */
  whyNotSwitch(key: string, inRole: boolean): string | undefined;
  /** Why the person cannot give this role to someone; undefined when they can. */
  whyNotAssign(role: Pick<Role, 'name' | 'permissions'>): string | undefined;
  /** Why the person cannot take this role from someone; undefined when they can. */
  whyNotUnassign(role: Pick<Role, 'name' | 'permissions'>): string | undefined;
  /** Why the person cannot delete this role; undefined when they can. */
  whyNotDelete(role: Pick<Role, 'name' | 'permissions'>): string | undefined;
}

export const MANAGE_ROLES_REASON = MANAGE_ROLES_REFUSAL;

export function roleAccessFor(me: RulePerson | undefined): RoleAccess {
  const actor = ruleActorOf(me);
  const canManage = mayManageRoles(actor) === undefined;
  const whyNotSwitch = (key: string, inRole: boolean) => roleCellRefusal(actor, key, inRole)?.detail;
  const handover = (giving: boolean) => (role: Pick<Role, 'name' | 'permissions'>) =>
    canManage ? roleHandoverMessage(actor, role, giving) : MANAGE_ROLES_REFUSAL;
  return {
    canManage,
    canGrant: (key) => whyNotSwitch(key, false) === undefined,
    canRevoke: (key) => whyNotSwitch(key, true) === undefined,
    whyNotSwitch,
    whyNotAssign: handover(true),
    whyNotUnassign: handover(false),
    whyNotDelete: (role) => roleDeleteRefusal(actor, role)?.detail,
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

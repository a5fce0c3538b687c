import type { Role } from '@team-access/contract';

/** One permission switched in a role's grid: what the optimistic update shows and a rollback restores. */
export interface RolePermissionToggle {
  roleId: string;
  key: string;
  grant: boolean;
}

/** The role's permissions with one switched (the server answers them in catalog order; order is irrelevant here). */
export function withPermission(permissions: readonly string[], { key, grant }: Omit<RolePermissionToggle, 'roleId'>) {
  const others = permissions.filter((k) => k !== key);
  return grant ? [...others, key] : others;
}

/**
 * The full set to PATCH for a toggle that starts now. Writes for a role run one after another, so
 * every earlier write has settled and the role shown is its last answer plus the toggles still
 * waiting behind this one: those are taken back out, so each request carries exactly its own change.
 */
export function permissionsToSend(
  shown: Pick<Role, 'permissions'>,
  toggle: RolePermissionToggle,
  waiting: readonly RolePermissionToggle[],
): string[] {
  const base = waiting
    .filter((w) => w.roleId === toggle.roleId)
    .reduceRight<string[]>((keys, w) => withPermission(keys, { key: w.key, grant: !w.grant }), [...shown.permissions]);
  return withPermission(base, toggle);
}

/** The server's answer with the toggles still waiting laid over it (they were shown already). */
export function shownRole<R extends Pick<Role, 'id' | 'permissions'>>(
  answer: R,
  waiting: readonly RolePermissionToggle[],
): R {
  const permissions = waiting
    .filter((w) => w.roleId === answer.id)
    .reduce<string[]>((keys, w) => withPermission(keys, w), [...answer.permissions]);
  return { ...answer, permissions };
}

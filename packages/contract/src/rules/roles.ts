import { administersTenant, fieldRefusal, type KeyAt, type Refusal, type RuleActor, refuse, unheld } from './actor.ts';

/**
 * Roles under "Who may do what" (the design), one declaration for the IAM API and the web. OWNER
 * and ADMIN manage roles; a MEMBER (an org admin included) does not. A role is a grant waiting to
 * be assigned: an ADMIN puts in a role, and takes out of one, only permissions they hold (ADR 011,
 * ADR 017). Deleting a role takes every permission out of it.
 */

export const MANAGE_ROLES_REFUSAL = 'Only owners and administrators can change roles.';
export const PUT_IN_ROLE_REFUSAL = 'You can put in a role only permissions you hold yourself.';
export const TAKE_OUT_OF_ROLE_REFUSAL = 'You can take out of a role only permissions you hold yourself.';

export function mayManageRoles(actor: RuleActor | undefined): Refusal | undefined {
  return administersTenant(actor) ? undefined : refuse(MANAGE_ROLES_REFUSAL);
}

/**
 * Reading the list of roles: those who manage roles, and an ORG_USER_MANAGER (who gives roles to
 * the members they manage, ADR 027). `managesUsers`: the person is ORG_USER_MANAGER somewhere.
 */
export function mayListRoles(actor: RuleActor | undefined, managesUsers: boolean): Refusal | undefined {
  return managesUsers ? undefined : mayManageRoles(actor);
}

/** Changing a role's permissions: `added` are put in, `removed` taken out. */
export function rolePermissionsRefusal(
  actor: RuleActor | undefined,
  added: readonly KeyAt[],
  removed: readonly KeyAt[],
): Refusal | undefined {
  const manage = mayManageRoles(actor);
  if (manage) return manage;
  const cannotAdd = new Set(
    unheld(
      actor,
      added.map(({ key }) => key),
    ),
  );
  const cannotRemove = new Set(
    unheld(
      actor,
      removed.map(({ key }) => key),
    ),
  );
  const errors = [
    ...added
      .filter(({ key }) => cannotAdd.has(key))
      .map(({ key, path }) => fieldRefusal(path, `You do not hold "${key}", so you cannot put it in a role`)),
    ...removed
      .filter(({ key }) => cannotRemove.has(key))
      .map(({ key, path }) => fieldRefusal(path, `You do not hold "${key}", so you cannot take it out of a role`)),
  ];
  if (errors.length === 0) return undefined;
  return refuse(cannotAdd.size ? PUT_IN_ROLE_REFUSAL : TAKE_OUT_OF_ROLE_REFUSAL, errors);
}

/** Why the person may not switch one permission of a role (the grid's cell); undefined when they may. */
export function roleCellRefusal(actor: RuleActor | undefined, key: string, inRole: boolean): Refusal | undefined {
  const change = [{ key, path: `permissions.${key}` }];
  const refusal = rolePermissionsRefusal(actor, inRole ? [] : change, inRole ? change : []);
  return refusal && refuse(refusal.detail);
}

/** Deleting a role takes all its permissions out of it (and from its members). */
export function roleDeleteRefusal(
  actor: RuleActor | undefined,
  role: { name: string; permissions: readonly string[] },
): Refusal | undefined {
  const manage = mayManageRoles(actor);
  if (manage) return manage;
  const missing = unheld(actor, role.permissions);
  if (missing.length === 0) return undefined;
  return refuse(
    `Role "${role.name}" carries ${missing.join(', ')}, which you do not hold, so you cannot delete it.`,
    [],
  );
}

import {
  type KeyAt,
  type ManagedUserWriteIntent,
  mayManageUsers,
  mayReadUser,
  mayRequirePasswordChange,
  mayResendEmailVerification,
  ownerPermissionsRefusal,
  type RoleChange,
  refuse,
  type UserWriteIntent,
  userEditRefusal,
  userWriteRefusal,
} from '@team-access/contract';
import { AppError } from '../../errors.ts';
import { type Actor, ruleActor, type UserRow } from '../../kernel/context.ts';
import { enforce, rejectInvalid } from '../../security/rules.ts';

/**
 * "Who may do what" for every call that carries an actor: the shared rules
 * (packages/contract/src/rules/users.ts) decide, this answers their refusals. A call with client
 * credentials only (no actor) is server-to-server and has the tenant's full rights.
 */

/** OWNER and ADMIN manage users; a MEMBER only reads themselves. */
export function assertMayManageUsers(actor: Actor | undefined): void {
  enforce(mayManageUsers(ruleActor(actor)));
}

/** `managed`: the user is an ORG_MEMBER of an organization where the actor is ORG_USER_MANAGER. */
export function assertMayRead(actor: Actor | undefined, userId: string, managed = false): void {
  enforce(mayReadUser(ruleActor(actor), userId, managed));
}

export interface WriteIntent extends Omit<UserWriteIntent, 'target'> {
  /** The user as it is now; undefined when creating. */
  target: UserRow | undefined;
}

/**
 * An ADMIN cannot create, change or remove an OWNER, nor make anyone one, and grants and revokes
 * only permissions they hold — directly or through a role they give or take away. Nobody switches
 * the direct permissions of someone who is and stays an OWNER (ADR 018): a 400 naming them.
 */
export function assertMayWrite(actor: Actor | undefined, intent: WriteIntent): void {
  enforce(userWriteRefusal(ruleActor(actor), intent));
  if (intent.target?.role === 'OWNER') {
    rejectInvalid(ownerPermissionsRefusal(intent.role, [...(intent.grants ?? []), ...(intent.revokes ?? [])]));
  }
}

export interface EditIntent extends Omit<ManagedUserWriteIntent, 'target'> {
  target: UserRow;
}

/**
 * Changing one user (PATCH, PUT): `assertMayWrite` for the tenant's owners and administrators; an
 * ORG_USER_MANAGER changes only the names, phone and roles of a user they manage (ADR 027).
 */
export function assertMayEdit(actor: Actor | undefined, intent: EditIntent): void {
  enforce(userEditRefusal(ruleActor(actor), intent));
  if (intent.target.role === 'OWNER') {
    rejectInvalid(ownerPermissionsRefusal(intent.role, [...(intent.grants ?? []), ...(intent.revokes ?? [])]));
  }
}

/** `assertMayWrite` for one user of a bulk change: a refusal that names no field names the user's entry. */
export function assertMayWriteEntry(
  actor: Actor | undefined,
  intent: WriteIntent & { target: UserRow },
  path: string,
): void {
  try {
    assertMayWrite(actor, intent);
  } catch (error) {
    // Name the refused entry, so the screen can say which user and why.
    if (error instanceof AppError && !error.errors?.length) {
      throw new AppError(error.status, error.code, `${intent.target.email}: ${error.detail}`, [
        { path, message: error.detail ?? 'Refused', code: error.code },
      ]);
    }
    throw error;
  }
}

/** Requiring a new password at next sign-in: see the shared rule `mayRequirePasswordChange`. */
export function assertMayRequirePasswordChange(actor: Actor | undefined, target: UserRow): void {
  enforce(mayRequirePasswordChange(ruleActor(actor), target));
}

export function assertMayResendVerification(actor: Actor | undefined, target: UserRow): void {
  enforce(mayResendEmailVerification(ruleActor(actor), target));
}

export function assertNotSelf(actor: Actor | undefined, userId: string, detail: string): void {
  if (actor && actor.user.id === userId) enforce(refuse(detail));
}

/** The keys a `permissions` map turns on and off against the current map, each named by its path. */
export function permissionChanges(
  permissions: Record<string, boolean> | undefined,
  current: Record<string, boolean>,
  path: string,
): { grants: KeyAt[]; revokes: KeyAt[] } {
  const entries = Object.entries(permissions ?? {});
  return {
    grants: entries
      .filter(([key, on]) => on && current[key] !== true)
      .map(([key]) => ({ key, path: `${path}.${key}` })),
    revokes: entries
      .filter(([key, on]) => !on && current[key] === true)
      .map(([key]) => ({ key, path: `${path}.${key}` })),
  };
}

export type { RoleChange };

/** The roles a user holds now that are not among `kept`, each named by `pathOf` its id. */
export function rolesTakenAway(target: UserRow, kept: readonly string[], pathOf: (id: string) => string): RoleChange[] {
  return (target.role_grants ?? [])
    .filter((grant) => !kept.includes(grant.id))
    .map((grant) => ({ ...grant, path: pathOf(grant.id) }));
}

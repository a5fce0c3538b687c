import type { AccessLevel, FieldError } from '@team-access/contract';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/service.ts';
import { effectivePermissions, type UserRow } from './repository.ts';

/**
 * "Who may do what" (DESIGN.md), for every call that carries an actor. A call with client
 * credentials only (no actor) is server-to-server and has the tenant's full rights.
 */

const forbidden = (detail: string, errors?: FieldError[]) => new AppError(403, 'forbidden', detail, errors);

/** OWNER and ADMIN manage users; a MEMBER only reads themselves. */
export function assertMayManageUsers(actor: Actor | undefined): void {
  if (actor && actor.user.role === 'MEMBER') {
    throw forbidden('Only owners and administrators can manage team members.');
  }
}

export function assertMayRead(actor: Actor | undefined, userId: string): void {
  if (actor && actor.user.role === 'MEMBER' && actor.user.id !== userId) {
    throw forbidden('Members can see only their own profile.');
  }
}

export interface WriteIntent {
  /** The user as it is now; undefined when creating. */
  target: UserRow | undefined;
  /** The access level the user will have. */
  role: AccessLevel;
  /** Permissions the change turns on that were off, with where each was asked for. */
  grants: { key: string; path: string }[];
  /** Roles the change adds, with their permissions. */
  addedRoles: { id: string; name: string; permissions: string[]; path: string }[];
}

/**
 * An ADMIN cannot create, change or remove an OWNER, nor make anyone one, and can grant only
 * permissions they hold — directly or through a role they assign (no escalation through a group).
 */
export function assertMayWrite(actor: Actor | undefined, intent: WriteIntent): void {
  if (!actor) return;
  assertMayManageUsers(actor);
  if (actor.user.role === 'OWNER') return;
  if (intent.target?.role === 'OWNER') throw forbidden('Only an owner can change or remove an owner.');
  if (intent.role === 'OWNER') {
    throw forbidden('Only an owner can make someone an owner.', [
      { path: 'body.role', message: 'Only an owner can grant the OWNER access level', code: 'forbidden' },
    ]);
  }
  const errors = unheldGrants(actor, intent.grants);
  const held = heldBy(actor);
  for (const role of intent.addedRoles) {
    const missing = role.permissions.filter((key) => !held.has(key));
    if (missing.length) {
      errors.push({
        path: role.path,
        message: `Role "${role.name}" grants ${missing.join(', ')}, which you do not hold`,
        code: 'forbidden',
      });
    }
  }
  if (errors.length) throw forbidden('You can grant only permissions you hold yourself.', errors);
}

function heldBy(actor: Actor): Set<string> {
  return new Set(effectivePermissions(actor.user));
}

/** The grants an actor below OWNER does not hold (and so cannot give), each named by its path. */
export function unheldGrants(actor: Actor | undefined, grants: { key: string; path: string }[]): FieldError[] {
  if (!actor || actor.user.role === 'OWNER') return [];
  const held = heldBy(actor);
  return grants
    .filter((grant) => !held.has(grant.key))
    .map((grant) => ({
      path: grant.path,
      message: `You do not hold "${grant.key}", so you cannot grant it`,
      code: 'forbidden',
    }));
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

export function assertNotSelf(actor: Actor | undefined, userId: string, detail: string): void {
  if (actor && actor.user.id === userId) throw forbidden(detail);
}

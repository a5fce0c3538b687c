import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/service.ts';
import { unheldGrants } from '../users/policy.ts';

/**
 * Roles under "Who may do what" (DESIGN.md): OWNER and ADMIN manage roles; a MEMBER — an org
 * admin included, whose rights stop at their organization — is refused every roles route. A call
 * without an actor is server-to-server, with the tenant's full rights.
 */
export function assertMayManageRoles(actor: Actor | undefined): void {
  if (actor && actor.user.role === 'MEMBER') {
    throw new AppError(403, 'forbidden', 'Only owners and administrators can manage roles.');
  }
}

/**
 * An ADMIN can put in a role only permissions they hold: a role is a grant waiting to be assigned,
 * so otherwise it would be the Keycloak path (grant yourself admin through a group). Taking
 * permissions out is always allowed.
 */
export function assertMayPutInRole(actor: Actor | undefined, added: { key: string; path: string }[]): void {
  const errors = unheldGrants(actor, added);
  if (errors.length) {
    throw new AppError(403, 'forbidden', 'You can put in a role only permissions you hold yourself.', errors);
  }
}

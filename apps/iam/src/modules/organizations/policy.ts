import type { OrgRole } from '@team-access/contract';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/service.ts';

/**
 * Delegated administration (ADR 012). Tenant OWNER and ADMIN, and server-to-server calls, manage
 * every organization. A tenant MEMBER manages only the organizations where they are ORG_OWNER or
 * ORG_ADMIN; every other organization does not exist for them (404, never 403).
 */

/** How the caller stands towards one organization they may see. */
export type OrganizationAccess = 'TENANT' | 'ORG_OWNER' | 'ORG_ADMIN';

const forbidden = (detail: string, path?: string) =>
  new AppError(403, 'forbidden', detail, path ? [{ path, message: detail, code: 'forbidden' }] : undefined);

/** True for callers with the tenant's rights over organizations (no actor, OWNER, ADMIN). */
export function administersTenant(actor: Actor | undefined): boolean {
  return actor?.user.role !== 'MEMBER';
}

/** The access a caller has to an organization, given their org role in it; undefined: it is hidden. */
export function accessFrom(actor: Actor | undefined, orgRole: OrgRole | undefined): OrganizationAccess | undefined {
  if (administersTenant(actor)) return 'TENANT';
  return orgRole === 'ORG_OWNER' || orgRole === 'ORG_ADMIN' ? orgRole : undefined;
}

export function assertMayCreate(actor: Actor | undefined): void {
  if (!administersTenant(actor)) throw forbidden('Only owners and administrators can create organizations.');
}

export function assertMayDelete(access: OrganizationAccess): void {
  if (access !== 'TENANT') throw forbidden('Only owners and administrators can delete organizations.');
}

export function assertMayUpdateDetails(access: OrganizationAccess, body: { slug?: string | undefined }): void {
  if (access === 'ORG_ADMIN') throw forbidden("Only an ORG_OWNER can change the organization's details.");
  // Slugs are unique across the tenant: a 409 for a taken one would reveal organizations that are
  // hidden from an org owner, so only the tenant's owners and administrators change them.
  if (access === 'ORG_OWNER' && body.slug !== undefined) {
    throw forbidden('Only owners and administrators of the account can change a slug.', 'body.slug');
  }
}

/** Adding an existing user needs the tenant's directory, which org admins do not see: they invite. */
export function assertMayAddMembers(access: OrganizationAccess): void {
  if (access !== 'TENANT') {
    throw forbidden(
      'Organization administrators add people by invitation; adding an existing user is for owners and administrators.',
    );
  }
}

/**
 * The tenant rule, one level down: an ORG_ADMIN cannot make, change or remove an ORG_OWNER
 * (themselves included, so no self-promotion). `orgRole` is the new role; undefined on removal.
 */
export function assertMayChangeMember(
  access: OrganizationAccess,
  target: { org_role: OrgRole },
  orgRole: OrgRole | undefined,
): void {
  if (access !== 'ORG_ADMIN') return;
  if (target.org_role === 'ORG_OWNER') throw forbidden('Only an ORG_OWNER can change or remove an ORG_OWNER.');
  assertMayGrantOrgRole(access, orgRole, 'body.orgRole');
}

/** An ORG_ADMIN cannot make anyone an ORG_OWNER (by a role change or an invitation); `path` names the field. */
export function assertMayGrantOrgRole(access: OrganizationAccess, orgRole: OrgRole | undefined, path: string): void {
  if (access === 'ORG_ADMIN' && orgRole === 'ORG_OWNER') {
    throw forbidden('Only an ORG_OWNER can make someone an ORG_OWNER.', path);
  }
}

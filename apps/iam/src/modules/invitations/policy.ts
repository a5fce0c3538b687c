import type { AccessLevel, FieldError, OrgRole } from '@team-access/contract';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/service.ts';
import { administersTenant, assertMayGrantOrgRole, type OrganizationAccess } from '../organizations/policy.ts';
import { assertMayWrite } from '../users/policy.ts';

/**
 * Who may invite whom (ADR 014). Tenant OWNER and ADMIN invite under the rules for creating a user
 * (users/policy.ts: an ADMIN makes no OWNER and grants only what they hold, roles included); calls
 * without an actor are server-to-server with full rights. A tenant MEMBER who is ORG_OWNER or
 * ORG_ADMIN of an organization invites into that organization only, as a plain MEMBER with no
 * roles and no permissions, and an ORG_ADMIN invites no ORG_OWNER (organizations/policy.ts).
 * Invitations into organizations they do not administer, and those with none, are hidden from them.
 */

const forbidden = (detail: string, errors?: FieldError[]) => new AppError(403, 'forbidden', detail, errors);

/** A tenant MEMBER who administers no organization may not invite anyone (checked before the body). */
export function assertMayInviteAtAll(actor: Actor | undefined, administersAnOrganization: boolean): void {
  if (!administersTenant(actor) && !administersAnOrganization) {
    throw forbidden('Only owners, administrators and organization administrators can invite people.');
  }
}

export interface InviteIntent {
  role: AccessLevel;
  /** Permissions the invitation turns on, each with the field that asks for it. */
  grants: { key: string; path: string }[];
  /** The roles it gives, with their permissions. */
  roles: { id: string; name: string; permissions: string[]; path: string }[];
  organizationRole: OrgRole | null;
  paths: { role: string; groups: string; organizationId: string; organizationRole: string };
}

/**
 * `access` is how the caller stands towards the invitation's organization (undefined when it has
 * none). A tenant MEMBER reaching here has access to that organization: the service answers 404
 * for any other.
 */
export function assertMayInvite(
  actor: Actor | undefined,
  access: OrganizationAccess | undefined,
  intent: InviteIntent,
) {
  if (administersTenant(actor)) {
    assertMayWrite(actor, { target: undefined, role: intent.role, grants: intent.grants, addedRoles: intent.roles });
    return;
  }
  if (access === undefined || access === 'TENANT') {
    throw forbidden('Organization administrators invite into their organization only.', [
      { path: intent.paths.organizationId, message: 'Choose an organization you administer', code: 'forbidden' },
    ]);
  }
  const errors: FieldError[] = [];
  if (intent.role !== 'MEMBER') {
    errors.push({
      path: intent.paths.role,
      message: 'Organization administrators invite members only',
      code: 'forbidden',
    });
  }
  for (const role of intent.roles) {
    errors.push({ path: role.path, message: 'Organization administrators cannot give roles', code: 'forbidden' });
  }
  for (const grant of intent.grants) {
    errors.push({
      path: grant.path,
      message: 'Organization administrators cannot grant permissions',
      code: 'forbidden',
    });
  }
  if (errors.length) {
    throw forbidden('Organization administrators invite people as members, with no roles or permissions.', errors);
  }
  assertMayGrantOrgRole(access, intent.organizationRole ?? undefined, intent.paths.organizationRole);
}

import type { OrgRole } from '../organizations.ts';
import type { AccessLevel } from '../user.ts';
import { administersTenant, fieldRefusal, type KeyAt, type Refusal, type RuleActor, refuse } from './actor.ts';
import { type OrganizationStanding, orgRoleGrantRefusal } from './organizations.ts';
import { type RoleChange, userWriteRefusal } from './users.ts';

/**
 * Who may invite whom (ADR 014), one declaration for the IAM API and the web. Tenant OWNER and
 * ADMIN invite under the rules for creating a user (an ADMIN makes no OWNER and grants only what
 * they hold, roles included); calls without an actor are server-to-server with full rights. A
 * tenant MEMBER who is ORG_OWNER, ORG_ADMIN or ORG_USER_MANAGER of an organization invites into that
 * organization only, as a plain MEMBER with no roles and no permissions; an ORG_ADMIN invites no
 * ORG_OWNER, and an ORG_USER_MANAGER invites ORG_MEMBERs only (ADR 027).
 */

export const INVITE_REFUSAL = 'Only owners, administrators and organization administrators can invite people.';
export const DELEGATED_INVITE_REFUSAL =
  'Organization administrators invite people as members, with no roles or permissions.';
export const OWN_ORGANIZATIONS_ONLY = 'Organization administrators invite into their organization only.';
export const CHOOSE_ADMINISTERED_ORGANIZATION = 'Choose an organization you administer';
export const DELEGATED_MEMBERS_ONLY = 'Organization administrators invite members only';
export const DELEGATED_NO_ROLES = 'Organization administrators cannot give roles';
export const DELEGATED_NO_PERMISSIONS = 'Organization administrators cannot grant permissions';

/** A tenant MEMBER who administers no organization may not invite anyone. */
export function inviteAtAllRefusal(actor: RuleActor | undefined, administersAnOrganization: boolean) {
  return administersTenant(actor) || administersAnOrganization ? undefined : refuse(INVITE_REFUSAL);
}

export interface InviteIntent {
  role: AccessLevel;
  /** Permissions the invitation turns on. */
  grants: readonly KeyAt[];
  /** The roles it gives, with their permissions. */
  roles: readonly RoleChange[];
  organizationRole: OrgRole | null | undefined;
  /** The fields, named as the request names them (a CSV row, a body). */
  paths: { role: string; organizationId: string; organizationRole: string };
}

/**
 * `standing` is how the person stands towards the invitation's organization (undefined when it has
 * none, or they do not administer it).
 */
export function inviteRefusal(
  actor: RuleActor | undefined,
  standing: OrganizationStanding | undefined,
  intent: InviteIntent,
): Refusal | undefined {
  if (administersTenant(actor)) {
    const refusal = userWriteRefusal(actor, {
      target: undefined,
      role: intent.role,
      grants: intent.grants,
      addedRoles: intent.roles,
    });
    // Creating a user names the access level `body.role`; an invitation names its own field.
    return (
      refusal &&
      refuse(
        refusal.detail,
        refusal.errors.map((e) => (e.path === 'body.role' ? { ...e, path: intent.paths.role } : e)),
      )
    );
  }
  if (standing === undefined || standing === 'TENANT') {
    return refuse(OWN_ORGANIZATIONS_ONLY, [
      fieldRefusal(intent.paths.organizationId, CHOOSE_ADMINISTERED_ORGANIZATION),
    ]);
  }
  const errors = [
    ...(intent.role === 'MEMBER' ? [] : [fieldRefusal(intent.paths.role, DELEGATED_MEMBERS_ONLY)]),
    ...intent.roles.map((role) => fieldRefusal(role.path, DELEGATED_NO_ROLES)),
    ...intent.grants.map((grant) => fieldRefusal(grant.path, DELEGATED_NO_PERMISSIONS)),
  ];
  if (errors.length) return refuse(DELEGATED_INVITE_REFUSAL, errors);
  return orgRoleGrantRefusal(standing, intent.organizationRole ?? undefined, intent.paths.organizationRole);
}

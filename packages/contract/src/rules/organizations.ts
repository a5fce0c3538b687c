import type { OrgRole } from '../organizations.ts';
import { administersTenant, fieldRefusal, type Refusal, type RuleActor, refuse } from './actor.ts';

/**
 * Delegated administration (ADR 012, ADR 027), one declaration for the IAM API and the web. Tenant
 * OWNER and ADMIN, and server-to-server calls, manage every organization. A tenant MEMBER manages
 * only the organizations where they are ORG_OWNER, ORG_ADMIN or ORG_USER_MANAGER; every other
 * organization does not exist for them (the IAM API answers 404, never 403). An ORG_USER_MANAGER
 * manages the organization's ORG_MEMBERs only: invites and removes them, edits their names, phone
 * and roles (rules/users.ts), and changes nothing of the organization, its admins or its owners.
 */

/** How the person stands towards one organization they may see. */
export type OrganizationStanding = 'TENANT' | 'ORG_OWNER' | 'ORG_ADMIN' | 'ORG_USER_MANAGER';

/** The org roles that administer an organization (some of it: see each rule). */
export const ADMINISTERING_ORG_ROLES: ReadonlySet<OrgRole> = new Set<OrgRole>([
  'ORG_OWNER',
  'ORG_ADMIN',
  'ORG_USER_MANAGER',
]);

export const administersOrganization = (
  orgRole: OrgRole | undefined,
): orgRole is 'ORG_OWNER' | 'ORG_ADMIN' | 'ORG_USER_MANAGER' =>
  orgRole !== undefined && ADMINISTERING_ORG_ROLES.has(orgRole);

/** The standing a person has in an organization, given their org role in it; undefined: it is hidden. */
export function standingIn(
  actor: RuleActor | undefined,
  orgRole: OrgRole | undefined,
): OrganizationStanding | undefined {
  if (administersTenant(actor)) return 'TENANT';
  return administersOrganization(orgRole) ? orgRole : undefined;
}

const refuseAt = (detail: string, path?: string) => refuse(detail, path ? [fieldRefusal(path, detail)] : []);

export const CREATE_ORGANIZATION_REFUSAL = 'Only owners and administrators can create organizations.';
export const DELETE_ORGANIZATION_REFUSAL = 'Only owners and administrators can delete organizations.';
export const ORGANIZATION_DETAILS_REFUSAL = "Only an ORG_OWNER can change the organization's details.";
export const SLUG_REFUSAL = 'Only owners and administrators of the account can change a slug.';
export const ADD_MEMBERS_REFUSAL =
  'Organization administrators add people by invitation; adding an existing user is for owners and administrators.';
export const CHANGE_ORG_OWNER_REFUSAL = 'Only an ORG_OWNER can change or remove an ORG_OWNER.';
export const MAKE_ORG_OWNER_REFUSAL = 'Only an ORG_OWNER can make someone an ORG_OWNER.';
export const USER_MANAGER_MEMBERS_ONLY =
  "A user manager manages the organization's ORG_MEMBERs only, not its owners, admins or user managers.";
export const USER_MANAGER_NO_ORG_ROLES = 'A user manager cannot change org roles.';

export function organizationCreateRefusal(actor: RuleActor | undefined): Refusal | undefined {
  return administersTenant(actor) ? undefined : refuse(CREATE_ORGANIZATION_REFUSAL);
}

export function organizationDeleteRefusal(standing: OrganizationStanding | undefined): Refusal | undefined {
  return standing === 'TENANT' ? undefined : refuse(DELETE_ORGANIZATION_REFUSAL);
}

/**
 * Slugs are unique across the tenant: a 409 for a taken one would reveal organizations hidden from
 * an org owner, so only the tenant's owners and administrators change them.
 */
export function organizationDetailsRefusal(
  standing: OrganizationStanding | undefined,
  body: { slug?: string | undefined } = {},
): Refusal | undefined {
  if (standing === 'TENANT') return undefined;
  if (standing !== 'ORG_OWNER') return refuse(ORGANIZATION_DETAILS_REFUSAL);
  return body.slug === undefined ? undefined : refuseAt(SLUG_REFUSAL, 'body.slug');
}

/** Adding an existing user needs the tenant's directory, which org admins do not see: they invite. */
export function addMembersRefusal(standing: OrganizationStanding | undefined): Refusal | undefined {
  return standing === 'TENANT' ? undefined : refuse(ADD_MEMBERS_REFUSAL);
}

/**
 * An ORG_ADMIN cannot make anyone an ORG_OWNER, and an ORG_USER_MANAGER gives ORG_MEMBER only (by a
 * role change or an invitation); `path` names the field.
 */
export function orgRoleGrantRefusal(
  standing: OrganizationStanding | undefined,
  orgRole: OrgRole | undefined,
  path: string,
): Refusal | undefined {
  if (standing === 'ORG_USER_MANAGER' && orgRole !== undefined && orgRole !== 'ORG_MEMBER') {
    return refuseAt(USER_MANAGER_NO_ORG_ROLES, path);
  }
  return standing === 'ORG_ADMIN' && orgRole === 'ORG_OWNER' ? refuseAt(MAKE_ORG_OWNER_REFUSAL, path) : undefined;
}

/**
 * The tenant rule, one level down: an ORG_ADMIN cannot make, change or remove an ORG_OWNER
 * (themselves included, so no self-promotion); an ORG_USER_MANAGER removes ORG_MEMBERs and changes
 * no org role. `orgRole` is the new role; undefined on removal.
 */
export function memberChangeRefusal(
  standing: OrganizationStanding | undefined,
  target: { orgRole: OrgRole },
  orgRole?: OrgRole,
): Refusal | undefined {
  if (standing === undefined) return refuse('You do not administer this organization.');
  if (standing === 'ORG_USER_MANAGER') {
    if (target.orgRole !== 'ORG_MEMBER') return refuse(USER_MANAGER_MEMBERS_ONLY);
    return orgRoleGrantRefusal(standing, orgRole, 'body.orgRole');
  }
  if (standing !== 'ORG_ADMIN') return undefined;
  if (target.orgRole === 'ORG_OWNER') return refuse(CHANGE_ORG_OWNER_REFUSAL);
  return orgRoleGrantRefusal(standing, orgRole, 'body.orgRole');
}

/** The org roles the person may give in the organization. */
export function assignableOrgRoles(standing: OrganizationStanding | undefined): OrgRole[] {
  if (standing === 'TENANT' || standing === 'ORG_OWNER')
    return ['ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'];
  if (standing === 'ORG_ADMIN') return ['ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'];
  return standing === 'ORG_USER_MANAGER' ? ['ORG_MEMBER'] : [];
}

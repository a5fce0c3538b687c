import {
  addMembersRefusal,
  memberChangeRefusal,
  type OrganizationStanding,
  type OrgRole,
  organizationCreateRefusal,
  organizationDeleteRefusal,
  organizationDetailsRefusal,
  orgRoleGrantRefusal,
  standingIn,
  administersTenant as tenantAdministrator,
} from '@team-access/contract';
import { type Actor, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';

/**
 * Delegated administration (ADR 012): the shared rules (packages/contract/src/rules/organizations.ts)
 * decide. Organizations a tenant MEMBER does not administer do not exist for them (404, never 403):
 * the services answer those before any rule here runs.
 */

/** How the caller stands towards one organization they may see. */
export type OrganizationAccess = OrganizationStanding;

/** True for callers with the tenant's rights over organizations (no actor, OWNER, ADMIN). */
export function administersTenant(actor: Actor | undefined): boolean {
  return tenantAdministrator(ruleActor(actor));
}

/** The access a caller has to an organization, given their org role in it; undefined: it is hidden. */
export function accessFrom(actor: Actor | undefined, orgRole: OrgRole | undefined): OrganizationAccess | undefined {
  return standingIn(ruleActor(actor), orgRole);
}

export function assertMayCreate(actor: Actor | undefined): void {
  enforce(organizationCreateRefusal(ruleActor(actor)));
}

export function assertMayDelete(access: OrganizationAccess): void {
  enforce(organizationDeleteRefusal(access));
}

export function assertMayUpdateDetails(access: OrganizationAccess, body: { slug?: string | undefined }): void {
  enforce(organizationDetailsRefusal(access, body));
}

export function assertMayAddMembers(access: OrganizationAccess): void {
  enforce(addMembersRefusal(access));
}

/** `orgRole` is the new role; undefined on removal. */
export function assertMayChangeMember(
  access: OrganizationAccess,
  target: { org_role: OrgRole },
  orgRole: OrgRole | undefined,
): void {
  enforce(memberChangeRefusal(access, { orgRole: target.org_role }, orgRole));
}

/** An ORG_ADMIN cannot make anyone an ORG_OWNER (by a role change or an invitation); `path` names the field. */
export function assertMayGrantOrgRole(access: OrganizationAccess, orgRole: OrgRole | undefined, path: string): void {
  enforce(orgRoleGrantRefusal(access, orgRole, path));
}

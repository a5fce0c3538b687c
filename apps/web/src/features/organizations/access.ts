import { useQuery } from '@tanstack/react-query';
import {
  ADMINISTERING_ORG_ROLES,
  addMembersRefusal,
  assignableOrgRoles,
  managesMember,
  memberChangeRefusal,
  type OrganizationMember,
  type OrgRole,
  organizationCreateRefusal,
  organizationDeleteRefusal,
  organizationDetailsRefusal,
  standingIn,
  type User,
  type UserOrganizationList,
} from '@team-access/contract';
import { type RulePerson, ruleActorOf } from '@/domain/users/access.ts';
import { sessionQueries } from '@/lib/session.ts';
import { organizationQueries } from './api/queries.ts';

/**
 * What the signed-in person may do with organizations: the IAM API's own rules
 * (packages/contract/src/rules/organizations.ts), called here so the screens offer only what would
 * be allowed. The API still decides every call:
 * - tenant OWNER and ADMIN: everything;
 * - ORG_OWNER of the organization: its details and all its members;
 * - ORG_ADMIN of the organization: its members' org roles and removal, but never an ORG_OWNER
 *   (nor making one);
 * - ORG_USER_MANAGER of the organization: removes its ORG_MEMBERs and edits their names, phone and
 *   roles (ADR 027); changes no org role;
 * - only tenant OWNER/ADMIN create and delete organizations and add existing users.
 */
export interface OrganizationAccess {
  /** OWNER or ADMIN of the tenant. */
  tenantAdmin: boolean;
  canCreate: boolean;
  canDelete: boolean;
  canAddMembers: boolean;
  canEditDetails: boolean;
  /** Slugs are unique across the account, so only its owners and administrators change them. */
  canEditSlug: boolean;
  /** Changes org roles and removes members (within the limits below). */
  canManageMembers: boolean;
  /** Org roles this person may give. */
  assignableOrgRoles: OrgRole[];
  canChangeMember(member: Pick<OrganizationMember, 'orgRole'>): boolean;
  canRemoveMember(member: Pick<OrganizationMember, 'orgRole'>): boolean;
  /** Edits the member's names, phone and roles (an ORG_USER_MANAGER's ORG_MEMBERs). */
  canEditMember(member: Pick<OrganizationMember, 'orgRole' | 'role'>): boolean;
}

/** `orgRole`: the signed-in person's role in the organization at hand, if they belong to it. */
export function organizationAccessFor(me: RulePerson | undefined, orgRole: OrgRole | undefined): OrganizationAccess {
  const actor = ruleActorOf(me);
  const standing = standingIn(actor, orgRole);
  const mayChange = (member: Pick<OrganizationMember, 'orgRole'>) =>
    memberChangeRefusal(standing, member) === undefined;
  const roles = assignableOrgRoles(standing);
  return {
    tenantAdmin: standing === 'TENANT',
    canCreate: organizationCreateRefusal(actor) === undefined,
    canDelete: organizationDeleteRefusal(standing) === undefined,
    canAddMembers: addMembersRefusal(standing) === undefined,
    canEditDetails: organizationDetailsRefusal(standing) === undefined,
    canEditSlug: organizationDetailsRefusal(standing, { slug: '' }) === undefined,
    canManageMembers: standing !== undefined,
    assignableOrgRoles: roles,
    // A change of org role needs a role to change to (an ORG_USER_MANAGER gives ORG_MEMBER only).
    canChangeMember: (member) => mayChange(member) && roles.some((role) => role !== member.orgRole),
    canRemoveMember: mayChange,
    canEditMember: (member) => managesMember(orgRole, member),
  };
}

/** The organizations a person administers (ORG_OWNER, ORG_ADMIN or ORG_USER_MANAGER), from their membership list. */
export function administeredOrganizations(list: UserOrganizationList | undefined) {
  return (list?.items ?? []).filter((item) => ADMINISTERING_ORG_ROLES.has(item.orgRole));
}

/** The signed-in person. */
export function useMe(): User | undefined {
  return useQuery(sessionQueries.current()).data?.user;
}

/**
 * The signed-in person's access to one organization (or, without an id, to organizations in
 * general). A tenant MEMBER's org role comes from their own membership list.
 */
export function useOrganizationAccess(organizationId?: string): OrganizationAccess {
  const me = useMe();
  const mine = useQuery({
    ...organizationQueries.ofUser(me?.id ?? ''),
    enabled: me !== undefined && me.role === 'MEMBER' && organizationId !== undefined,
  });
  const orgRole = mine.data?.items.find((item) => item.organization.id === organizationId)?.orgRole;
  return organizationAccessFor(me, orgRole);
}

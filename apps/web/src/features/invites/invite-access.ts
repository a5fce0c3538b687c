import { useQuery } from '@tanstack/react-query';
import {
  type AccessLevel,
  administersOrganization,
  type CreateInvitation,
  DELEGATED_NO_ROLES,
  INVITE_REFUSAL,
  inviteRefusal,
  type OrganizationStanding,
  type OrgRole,
  assignableOrgRoles as orgRolesFor,
  type Role,
  type User,
  type UserOrganizationList,
} from '@team-access/contract';
import { roleAccessFor } from '@/domain/roles/role-rules.ts';
import { accessFor, ruleActorOf } from '@/domain/users/access.ts';
import { sessionQueries } from '@/lib/session.ts';
import { invitationOrganizationQueries } from './api/queries.ts';

/** An organization the signed-in person administers, and how. */
export interface AdministeredOrganization {
  id: string;
  name: string;
  slug: string;
  orgRole: 'ORG_OWNER' | 'ORG_ADMIN' | 'ORG_USER_MANAGER';
}

/**
 * Who may invite whom: the IAM API's own rules (packages/contract/src/rules/invitations.ts, ADR 014),
 * called here so the dialogs offer only what would be allowed and a CSV's rows are marked, with the
 * API's sentences, before anything is sent. The API still decides:
 * - tenant OWNER and ADMIN invite as they create users (domain/users access, domain/roles rules):
 *   an ADMIN cannot invite an OWNER, nor give a permission they do not hold, directly or through a role;
 * - a tenant MEMBER who is ORG_OWNER, ORG_ADMIN or ORG_USER_MANAGER of organizations invites into
 *   those only, with access level MEMBER, no roles and no permissions; an ORG_ADMIN cannot invite an
 *   ORG_OWNER (ADR 012), an ORG_USER_MANAGER invites ORG_MEMBERs only (ADR 027);
 * - anyone else invites nobody.
 */
export interface InviteAccess {
  canInvite: boolean;
  /** OWNER or ADMIN of the tenant: every organization, or none. */
  tenantAdmin: boolean;
  /** A tenant MEMBER inviting into the organizations they administer. */
  delegated: boolean;
  /** Access levels this person may give. */
  assignableRoles: AccessLevel[];
  /** Roles and direct permissions are for tenant administrators. */
  canGiveRolesAndPermissions: boolean;
  /** Whether this person may grant the permission (they must hold it). */
  canGrant(key: string): boolean;
  /** Why this person cannot give the role; undefined when they can. */
  whyNotRole(role: Pick<Role, 'name' | 'permissions'>): string | undefined;
  /** The organizations to offer: null means any of the tenant's (searched). */
  organizations: AdministeredOrganization[] | null;
  /** An org admin's invitation always names one of their organizations. */
  organizationRequired: boolean;
  /** Org roles this person may give in the organization. */
  assignableOrgRoles(organizationId: string | undefined): OrgRole[];
  /** Why an invitation would be refused, one sentence each; empty when it would not. `roles`: the tenant's roles. */
  problems(invite: CreateInvitation, roles: readonly Pick<Role, 'id' | 'name' | 'permissions'>[]): string[];
}

export const NO_INVITES_REASON = INVITE_REFUSAL;

/** The organizations a person administers, from their membership list. */
export function administeredOrganizations(list: UserOrganizationList | undefined): AdministeredOrganization[] {
  return (list?.items ?? []).flatMap((item) =>
    administersOrganization(item.orgRole) ? [{ ...item.organization, orgRole: item.orgRole }] : [],
  );
}

export function inviteAccessFor(me: User | undefined, administered: readonly AdministeredOrganization[]): InviteAccess {
  const actor = ruleActorOf(me);
  const users = accessFor(me);
  const roleRules = roleAccessFor(me);
  const tenantAdmin = users.canManage;
  const delegated = me?.role === 'MEMBER' && administered.length > 0;
  const standingIn = (organizationId: string | undefined): OrganizationStanding | undefined =>
    tenantAdmin ? 'TENANT' : administered.find((organization) => organization.id === organizationId)?.orgRole;
  const assignableOrgRoles = (organizationId: string | undefined): OrgRole[] => orgRolesFor(standingIn(organizationId));

  const problems = (invite: CreateInvitation, roles: readonly Pick<Role, 'id' | 'name' | 'permissions'>[]) => {
    if (!tenantAdmin && !delegated) return [NO_INVITES_REASON];
    const standing = invite.organizationId === undefined ? undefined : standingIn(invite.organizationId);
    if (delegated && invite.organizationId !== undefined && standing === undefined) {
      return ['You do not administer this organization.'];
    }
    const refusal = inviteRefusal(actor, standing, {
      role: invite.role ?? 'MEMBER',
      grants: Object.keys(invite.permissions ?? {})
        .filter((key) => invite.permissions?.[key])
        .map((key) => ({ key, path: `permissions.${key}` })),
      roles: (invite.groups ?? []).flatMap((id, i) => {
        const role = roles.find((candidate) => candidate.id === id);
        return role ? [{ ...role, path: `groups.${i}` }] : [];
      }),
      organizationRole: invite.organizationId === undefined ? null : (invite.organizationRole ?? 'ORG_MEMBER'),
      paths: { role: 'role', organizationId: 'organizationId', organizationRole: 'organizationRole' },
    });
    if (!refusal) return [];
    return refusal.errors.length ? refusal.errors.map((error) => error.message) : [refusal.detail];
  };

  return {
    canInvite: tenantAdmin || delegated,
    tenantAdmin,
    delegated,
    assignableRoles: tenantAdmin ? users.assignableRoles : delegated ? ['MEMBER'] : [],
    canGiveRolesAndPermissions: tenantAdmin,
    canGrant: (key) => tenantAdmin && users.canGrant(key),
    whyNotRole: (role) => (tenantAdmin ? roleRules.whyNotAssign(role) : DELEGATED_NO_ROLES),
    organizations: tenantAdmin ? null : [...administered],
    organizationRequired: !tenantAdmin,
    assignableOrgRoles,
    problems,
  };
}

/** The signed-in person's invite rights; `pending` while a tenant MEMBER's organizations load. */
export function useInviteAccess(): { access: InviteAccess; pending: boolean } {
  const me = useQuery(sessionQueries.current()).data?.user;
  const member = me?.role === 'MEMBER';
  const mine = useQuery({ ...invitationOrganizationQueries.ofUser(me?.id ?? ''), enabled: member });
  return {
    access: inviteAccessFor(me, administeredOrganizations(mine.data)),
    pending: me === undefined || (member && mine.isPending),
  };
}

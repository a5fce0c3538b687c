import { useQuery } from '@tanstack/react-query';
import type { AccessLevel, CreateInvitation, OrgRole, Role, User, UserOrganizationList } from '@team-access/contract';
import { orgRoles } from '@team-access/contract';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { roleAccessFor } from '@/domain/roles/role-rules.ts';
import { accessFor } from '@/domain/users/access.ts';
import { sessionQueries } from '@/lib/session.ts';
import { invitationOrganizationQueries } from './api/queries.ts';

/** An organization the signed-in person administers, and how. */
export interface AdministeredOrganization {
  id: string;
  name: string;
  slug: string;
  orgRole: 'ORG_OWNER' | 'ORG_ADMIN';
}

/**
 * Who may invite whom — the IAM API's rules (ADR 014), mirrored so the dialogs offer only what
 * would be allowed and a CSV's rows are marked before anything is sent. The API still decides:
 * - tenant OWNER and ADMIN invite as they create users (domain/users access, domain/roles rules):
 *   an ADMIN cannot invite an OWNER, nor give a permission they do not hold, directly or through a role;
 * - a tenant MEMBER who is ORG_OWNER or ORG_ADMIN of organizations invites into those only, with
 *   access level MEMBER, no roles and no permissions; an ORG_ADMIN cannot invite an ORG_OWNER (ADR 012);
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
  whyNotRole(role: Pick<Role, 'permissions'>): string | undefined;
  /** The organizations to offer: null means any of the tenant's (searched). */
  organizations: AdministeredOrganization[] | null;
  /** An org admin's invitation always names one of their organizations. */
  organizationRequired: boolean;
  /** Org roles this person may give in the organization. */
  assignableOrgRoles(organizationId: string | undefined): OrgRole[];
  /** Why an invitation would be refused, one sentence each; empty when it would not. `roles`: the tenant's roles. */
  problems(invite: CreateInvitation, roles: readonly Pick<Role, 'id' | 'name' | 'permissions'>[]): string[];
}

export const NO_INVITES_REASON = 'Only owners, administrators and organization admins invite people.';

/** The organizations a person administers, from their membership list. */
export function administeredOrganizations(list: UserOrganizationList | undefined): AdministeredOrganization[] {
  return (list?.items ?? []).flatMap((item) =>
    item.orgRole === 'ORG_OWNER' || item.orgRole === 'ORG_ADMIN'
      ? [{ ...item.organization, orgRole: item.orgRole }]
      : [],
  );
}

export function inviteAccessFor(me: User | undefined, administered: readonly AdministeredOrganization[]): InviteAccess {
  const users = accessFor(me);
  const roleRules = roleAccessFor(me);
  const tenantAdmin = users.canManage;
  const delegated = me?.role === 'MEMBER' && administered.length > 0;
  const orgRoleIn = (organizationId: string | undefined) =>
    administered.find((organization) => organization.id === organizationId)?.orgRole;
  const assignableOrgRoles = (organizationId: string | undefined): OrgRole[] => {
    if (tenantAdmin) return [...orgRoles];
    const orgRole = orgRoleIn(organizationId);
    if (orgRole === 'ORG_OWNER') return [...orgRoles];
    if (orgRole === 'ORG_ADMIN') return ['ORG_ADMIN', 'ORG_MEMBER'];
    return [];
  };

  const problems = (invite: CreateInvitation, roles: readonly Pick<Role, 'id' | 'name' | 'permissions'>[]) => {
    if (!tenantAdmin && !delegated) return [NO_INVITES_REASON];
    const found: string[] = [];
    const role = invite.role ?? 'MEMBER';
    const granted = Object.keys(invite.permissions ?? {}).filter((key) => invite.permissions?.[key]);
    const groups = invite.groups ?? [];
    if (delegated) {
      if (role !== 'MEMBER') found.push('Organization admins invite with the access level Member only.');
      if (groups.length > 0) found.push('Organization admins cannot give roles.');
      if (granted.length > 0) found.push('Organization admins cannot grant permissions.');
      if (invite.organizationId === undefined) found.push('Choose one of the organizations you administer.');
      else if (!orgRoleIn(invite.organizationId)) found.push('You do not administer this organization.');
    } else {
      if (!users.assignableRoles.includes(role)) found.push('Only an owner can invite an owner.');
      for (const key of granted) {
        if (!users.canGrant(key)) found.push(`You do not hold "${key}", so you cannot grant it.`);
      }
      for (const id of groups) {
        const given = roles.find((candidate) => candidate.id === id);
        const why = given && roleRules.whyNotAssign(given);
        if (why) found.push(`Role ${given.name}: ${why}`);
      }
    }
    const orgRole = invite.organizationRole ?? 'ORG_MEMBER';
    if (
      invite.organizationId !== undefined &&
      !found.length &&
      !assignableOrgRoles(invite.organizationId).includes(orgRole)
    ) {
      found.push(`Only an org owner can invite an ${orgRoleLabels[orgRole].toLowerCase()}.`);
    }
    return found;
  };

  return {
    canInvite: tenantAdmin || delegated,
    tenantAdmin,
    delegated,
    assignableRoles: tenantAdmin ? users.assignableRoles : delegated ? ['MEMBER'] : [],
    canGiveRolesAndPermissions: tenantAdmin,
    canGrant: (key) => tenantAdmin && users.canGrant(key),
    whyNotRole: (role) => (tenantAdmin ? roleRules.whyNotAssign(role) : 'Organization admins cannot give roles.'),
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

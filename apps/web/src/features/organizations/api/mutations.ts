import type { QueryClient } from '@tanstack/react-query';
import type {
  CreateOrganization,
  Organization,
  OrganizationMember,
  OrgRole,
  UpdateOrganization,
  UpdateUser,
  User,
} from '@team-access/contract';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { usersApi } from '@/domain/users/users-api.ts';
import { useSilentMutation } from '@/lib/mutations.ts';
import { notify } from '@/lib/notifications.ts';
import { organizationsApi } from './organizations-api.ts';
import { organizationQueries } from './queries.ts';

/** Outcomes of organization changes replace each other: the latest shows at once instead of queueing. */
const ORGANIZATIONS_TOAST = { group: 'organizations' };

export function memberName(member: Pick<OrganizationMember, 'firstName' | 'lastName' | 'email'>): string {
  const name = [member.firstName, member.lastName].filter(Boolean).join(' ');
  return name || member.email;
}

/** An organization changed on the server: its detail is the answer; lists (and member counts) may be stale. */
function storeOrganization(queryClient: QueryClient, organization: Organization): void {
  queryClient.setQueryData(organizationQueries.detail(organization.id).queryKey, organization);
  void queryClient.invalidateQueries({ queryKey: organizationQueries.lists() });
}

/** Membership changed: the members, the member count and anyone's "my organizations" may be stale. */
function membersChanged(queryClient: QueryClient, organizationId: string): void {
  void queryClient.invalidateQueries({ queryKey: organizationQueries.allMembers(organizationId) });
  void queryClient.invalidateQueries({ queryKey: organizationQueries.detail(organizationId).queryKey, exact: true });
  void queryClient.invalidateQueries({ queryKey: organizationQueries.lists() });
  void queryClient.invalidateQueries({ queryKey: [...organizationQueries.all(), 'of-user'] });
}

export function useCreateOrganization() {
  // The dialog shows field errors itself.
  return useSilentMutation(
    (body: CreateOrganization) => organizationsApi.create(body),
    (queryClient, organization) => {
      storeOrganization(queryClient, organization);
      // The creator became its first ORG_OWNER.
      void queryClient.invalidateQueries({ queryKey: [...organizationQueries.all(), 'of-user'] });
      notify(`${organization.name} was created`, 'success', ORGANIZATIONS_TOAST);
    },
  );
}

export function useUpdateOrganization() {
  return useSilentMutation(
    ({ organization, body }: { organization: Organization; body: UpdateOrganization }) =>
      organizationsApi.update(organization, body),
    (queryClient, organization) => {
      storeOrganization(queryClient, organization);
      void queryClient.invalidateQueries({ queryKey: [...organizationQueries.all(), 'of-user'] });
      notify(`${organization.name} was saved`, 'success', ORGANIZATIONS_TOAST);
    },
  );
}

export function useDeleteOrganization() {
  return useSilentMutation(
    (organization: Organization) => organizationsApi.delete(organization),
    (queryClient, _answer, organization) => {
      queryClient.removeQueries({ queryKey: [...organizationQueries.details(), organization.id] });
      void queryClient.invalidateQueries({ queryKey: organizationQueries.lists() });
      void queryClient.invalidateQueries({ queryKey: [...organizationQueries.all(), 'of-user'] });
      notify(`${organization.name} was deleted`, 'success', ORGANIZATIONS_TOAST);
    },
  );
}

export function useAddOrganizationMember(organization: Pick<Organization, 'id' | 'name'>) {
  return useSilentMutation(
    ({ userId, orgRole }: { userId: string; orgRole: OrgRole }) =>
      organizationsApi.addMember(organization.id, { userId, orgRole }),
    (queryClient, member) => {
      membersChanged(queryClient, organization.id);
      notify(
        `${memberName(member)} was added to ${organization.name} as ${orgRoleLabels[member.orgRole]}`,
        'success',
        ORGANIZATIONS_TOAST,
      );
    },
  );
}

export function useUpdateOrganizationMember(organization: Pick<Organization, 'id' | 'name'>) {
  return useSilentMutation(
    ({ member, orgRole }: { member: OrganizationMember; orgRole: OrgRole }) =>
      organizationsApi.updateMember(organization.id, member.userId, orgRole),
    (queryClient, member) => {
      membersChanged(queryClient, organization.id);
      notify(`${memberName(member)} is now ${orgRoleLabels[member.orgRole]}`, 'success', ORGANIZATIONS_TOAST);
    },
  );
}

export function useRemoveOrganizationMember(organization: Pick<Organization, 'id' | 'name'>) {
  return useSilentMutation(
    (member: OrganizationMember) => organizationsApi.removeMember(organization.id, member.userId),
    (queryClient, _answer, member) => {
      membersChanged(queryClient, organization.id);
      notify(`${memberName(member)} was removed from ${organization.name}`, 'success', ORGANIZATIONS_TOAST);
    },
  );
}

/**
 * An ORG_USER_MANAGER edits a member's names, phone and roles (ADR 027): one PATCH with If-Match,
 * so a change someone made meanwhile is never overwritten unseen.
 */
export function useEditMember(organization: Organization) {
  return useSilentMutation(
    ({ user, body }: { user: User; body: UpdateUser }) => usersApi.update(user, body),
    (queryClient, user) => {
      queryClient.setQueryData(userQueries.detail(user.id).queryKey, user);
      membersChanged(queryClient, organization.id);
      notify(`${memberName(user)} was saved`, 'success', ORGANIZATIONS_TOAST);
    },
  );
}

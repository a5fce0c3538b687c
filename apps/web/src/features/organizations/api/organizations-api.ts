import {
  type AddOrganizationMember,
  type CreateOrganization,
  type ListOrganizationMembersQuery,
  type ListOrganizationsQuery,
  type Organization,
  type OrgRole,
  pageWithGroupIds,
  type UpdateOrganization,
} from '@team-access/contract';
import { organizationRoutes } from '@team-access/contract/routes/organizations';
import { userRoutes } from '@team-access/contract/routes/users';
import { callRoute } from '@/lib/api-client.ts';

/** Writes send the version the screen showed (If-Match): two admins never overwrite each other silently. */
type Versioned = Pick<Organization, 'id' | 'version'>;

export const organizationsApi = {
  list: (query: ListOrganizationsQuery, signal?: AbortSignal) =>
    callRoute(organizationRoutes.listOrganizations, { query, signal }),
  get: (organizationId: string, signal?: AbortSignal) =>
    callRoute(organizationRoutes.getOrganization, { params: { organizationId }, signal }),
  create: (body: CreateOrganization) => callRoute(organizationRoutes.createOrganization, { body }),
  update: (organization: Versioned, body: UpdateOrganization) =>
    callRoute(organizationRoutes.updateOrganization, {
      params: { organizationId: organization.id },
      body,
      ifMatch: organization.version,
    }),
  delete: (organization: Versioned) =>
    callRoute(organizationRoutes.deleteOrganization, {
      params: { organizationId: organization.id },
      ifMatch: organization.version,
    }),

  members: (organizationId: string, query: ListOrganizationMembersQuery, signal?: AbortSignal) =>
    callRoute(organizationRoutes.listOrganizationMembers, { params: { organizationId }, query, signal }),
  addMember: (organizationId: string, body: AddOrganizationMember) =>
    callRoute(organizationRoutes.addOrganizationMember, { params: { organizationId }, body }),
  updateMember: (organizationId: string, userId: string, orgRole: OrgRole) =>
    callRoute(organizationRoutes.updateOrganizationMember, { params: { organizationId, userId }, body: { orgRole } }),
  removeMember: (organizationId: string, userId: string) =>
    callRoute(organizationRoutes.removeOrganizationMember, { params: { organizationId, userId } }),

  /**
   * Team members by name or email, for the add-member picker (tenant administrators only); with
   * an organization, only its members.
   */
  searchUsers: (search: string, signal?: AbortSignal, organizationId?: string) =>
    callRoute(userRoutes.listUsers, { query: { search, organizationId, limit: 10, sort: 'name' }, signal }).then(
      pageWithGroupIds,
    ),
};

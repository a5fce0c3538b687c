import {
  type AddOrganizationMember,
  type CreateOrganization,
  type ListOrganizationMembersQuery,
  type ListOrganizationsQuery,
  type Organization,
  type OrgRole,
  pageWithGroupIds,
  routes,
  type UpdateOrganization,
} from '@team-access/contract';
import { callRoute } from '@/lib/api-client.ts';

/** Writes send the version the screen showed (If-Match): two admins never overwrite each other silently. */
type Versioned = Pick<Organization, 'id' | 'version'>;

export const organizationsApi = {
  list: (query: ListOrganizationsQuery, signal?: AbortSignal) => callRoute(routes.listOrganizations, { query, signal }),
  get: (organizationId: string, signal?: AbortSignal) =>
    callRoute(routes.getOrganization, { params: { organizationId }, signal }),
  create: (body: CreateOrganization) => callRoute(routes.createOrganization, { body }),
  update: (organization: Versioned, body: UpdateOrganization) =>
    callRoute(routes.updateOrganization, {
      params: { organizationId: organization.id },
      body,
      ifMatch: organization.version,
    }),
  delete: (organization: Versioned) =>
    callRoute(routes.deleteOrganization, {
      params: { organizationId: organization.id },
      ifMatch: organization.version,
    }),

  members: (organizationId: string, query: ListOrganizationMembersQuery, signal?: AbortSignal) =>
    callRoute(routes.listOrganizationMembers, { params: { organizationId }, query, signal }),
  addMember: (organizationId: string, body: AddOrganizationMember) =>
    callRoute(routes.addOrganizationMember, { params: { organizationId }, body }),
  updateMember: (organizationId: string, userId: string, orgRole: OrgRole) =>
    callRoute(routes.updateOrganizationMember, { params: { organizationId, userId }, body: { orgRole } }),
  removeMember: (organizationId: string, userId: string) =>
    callRoute(routes.removeOrganizationMember, { params: { organizationId, userId } }),

  /**
   * Team members by name or email, for the add-member picker (tenant administrators only); with
   * an organization, only its members.
   */
  searchUsers: (search: string, signal?: AbortSignal, organizationId?: string) =>
    callRoute(routes.listUsers, { query: { search, organizationId, limit: 10, sort: 'name' }, signal }).then(
      pageWithGroupIds,
    ),
};

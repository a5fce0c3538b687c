import {
  type AddOrganizationMember,
  type CreateOrganization,
  etagOf,
  type ListOrganizationMembersQuery,
  type ListOrganizationsQuery,
  type Organization,
  type OrgRole,
  organizationListSchema,
  organizationMemberListSchema,
  organizationMemberSchema,
  organizationSchema,
  type UpdateOrganization,
  userListSchema,
  userOrganizationListSchema,
} from '@team-access/contract';
import { apiRequest } from '@/lib/api-client.ts';

/** The IAM API's routes, as the BFF proxies them under /api/iam. */
const ORGANIZATIONS = '/iam/organizations';

/** `?a=1&b=2` from the set values only (empty strings and undefined are left out). */
export function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const organizationPath = (id: string) => `${ORGANIZATIONS}/${encodeURIComponent(id)}`;
const memberPath = (organizationId: string, userId: string) =>
  `${organizationPath(organizationId)}/members/${encodeURIComponent(userId)}`;

/** `If-Match` from the version the screen showed: two admins never overwrite each other silently. */
const ifMatch = (version: number) => ({ 'If-Match': etagOf(version) });

export const organizationsApi = {
  list: (params: ListOrganizationsQuery, signal?: AbortSignal) =>
    apiRequest(`${ORGANIZATIONS}${queryString(params)}`, { schema: organizationListSchema, signal }),
  get: (id: string, signal?: AbortSignal) => apiRequest(organizationPath(id), { schema: organizationSchema, signal }),
  create: (body: CreateOrganization) => apiRequest(ORGANIZATIONS, { method: 'POST', body, schema: organizationSchema }),
  update: (organization: Pick<Organization, 'id' | 'version'>, body: UpdateOrganization) =>
    apiRequest(organizationPath(organization.id), {
      method: 'PATCH',
      body,
      schema: organizationSchema,
      headers: ifMatch(organization.version),
    }),
  delete: (organization: Pick<Organization, 'id' | 'version'>) =>
    apiRequest(organizationPath(organization.id), { method: 'DELETE', headers: ifMatch(organization.version) }),

  members: (organizationId: string, params: ListOrganizationMembersQuery, signal?: AbortSignal) =>
    apiRequest(`${organizationPath(organizationId)}/members${queryString(params)}`, {
      schema: organizationMemberListSchema,
      signal,
    }),
  addMember: (organizationId: string, body: AddOrganizationMember) =>
    apiRequest(`${organizationPath(organizationId)}/members`, {
      method: 'POST',
      body,
      schema: organizationMemberSchema,
    }),
  updateMember: (organizationId: string, userId: string, orgRole: OrgRole) =>
    apiRequest(memberPath(organizationId, userId), {
      method: 'PATCH',
      body: { orgRole },
      schema: organizationMemberSchema,
    }),
  removeMember: (organizationId: string, userId: string) =>
    apiRequest(memberPath(organizationId, userId), { method: 'DELETE' }),

  /** A user's organizations with their org role in each (the navigation reads the signed-in user's). */
  userOrganizations: (userId: string, signal?: AbortSignal) =>
    apiRequest(`/iam/multi-user/${encodeURIComponent(userId)}/organizations`, {
      schema: userOrganizationListSchema,
      signal,
    }),
  /**
   * Team members by name or email, for the add-member picker (tenant administrators only); with
   * an organization, only its members.
   */
  searchUsers: (search: string, signal?: AbortSignal, organizationId?: string) =>
    apiRequest(`/iam/multi-user${queryString({ search, organizationId, limit: 10, sort: 'name' })}`, {
      schema: userListSchema,
      signal,
    }),
};

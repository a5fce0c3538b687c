import * as organization from '../organizations.ts';
import { userIdParamsSchema } from '../user.ts';
import { ifMatch, type RouteFields, withAreaDefaults } from './define.ts';

/** Organizations and their members. */
export const organizationRoutes = {
  listOrganizations: route({
    method: 'get',
    path: '/v2/client/organizations',
    scope: 'organizations:read',
    summary: 'Organizations by name (search, keyset cursor); org admins see only theirs',
    query: organization.listOrganizationsQuerySchema,
    responses: { 200: organization.organizationListSchema },
  }),
  createOrganization: route({
    method: 'post',
    path: '/v2/client/organizations',
    scope: 'organizations:write',
    summary: 'Create an organization; its first ORG_OWNER is the signed-in user or ownerUserId',
    body: organization.createOrganizationSchema,
    responses: { 201: organization.organizationSchema },
    problems: { 404: ['not_found'], 409: ['conflict'] },
  }),
  getOrganization: route({
    method: 'get',
    path: '/v2/client/organizations/{organizationId}',
    scope: 'organizations:read',
    summary: 'One organization; ETag carries the version',
    params: organization.organizationIdParamsSchema,
    responses: { 200: organization.organizationSchema },
  }),
  updateOrganization: route({
    method: 'patch',
    path: '/v2/client/organizations/{organizationId}',
    scope: 'organizations:write',
    summary: "Change an organization's name, slug or description; If-Match with a stale version is a 412",
    params: organization.organizationIdParamsSchema,
    headers: ifMatch,
    body: organization.updateOrganizationSchema,
    responses: { 200: organization.organizationSchema },
    problems: { 409: ['conflict'] },
  }),
  deleteOrganization: route({
    method: 'delete',
    path: '/v2/client/organizations/{organizationId}',
    scope: 'organizations:write',
    summary: 'Delete an organization and its memberships (the users stay)',
    params: organization.organizationIdParamsSchema,
    headers: ifMatch,
    responses: { 204: null },
  }),
  listOrganizationMembers: route({
    method: 'get',
    path: '/v2/client/organizations/{organizationId}/members',
    scope: 'organizations:read',
    summary: "An organization's members with their org roles (search, org role filter, keyset cursor)",
    params: organization.organizationIdParamsSchema,
    query: organization.listOrganizationMembersQuerySchema,
    responses: { 200: organization.organizationMemberListSchema },
  }),
  addOrganizationMember: route({
    method: 'post',
    path: '/v2/client/organizations/{organizationId}/members',
    scope: 'organizations:write',
    summary: 'Add an existing user of the tenant to an organization with an org role',
    params: organization.organizationIdParamsSchema,
    body: organization.addOrganizationMemberSchema,
    responses: { 201: organization.organizationMemberSchema },
    problems: { 409: ['conflict'] },
  }),
  updateOrganizationMember: route({
    method: 'patch',
    path: '/v2/client/organizations/{organizationId}/members/{userId}',
    scope: 'organizations:write',
    summary: "Change a member's org role; the last ORG_OWNER stays one (409 last_org_owner)",
    params: organization.organizationMemberParamsSchema,
    body: organization.updateOrganizationMemberSchema,
    responses: { 200: organization.organizationMemberSchema },
    problems: { 409: ['last_org_owner'] },
  }),
  removeOrganizationMember: route({
    method: 'delete',
    path: '/v2/client/organizations/{organizationId}/members/{userId}',
    scope: 'organizations:write',
    summary: 'Remove a member from an organization (the user stays in the tenant)',
    params: organization.organizationMemberParamsSchema,
    responses: { 204: null },
    problems: { 409: ['last_org_owner'] },
  }),
  listUserOrganizations: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}/organizations',
    scope: 'organizations:read',
    summary: "A user's organizations and their org role in each",
    tag: 'users',
    params: userIdParamsSchema,
    responses: { 200: organization.userOrganizationListSchema },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'organizations', auth: 'client', browser: true } as const, r);
}

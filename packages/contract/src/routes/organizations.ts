import {
  addOrganizationMemberSchema,
  createOrganizationSchema,
  listOrganizationMembersQuerySchema,
  listOrganizationsQuerySchema,
  organizationIdParamsSchema,
  organizationListSchema,
  organizationMemberListSchema,
  organizationMemberParamsSchema,
  organizationMemberSchema,
  organizationSchema,
  updateOrganizationMemberSchema,
  updateOrganizationSchema,
  userOrganizationListSchema,
} from '../organizations.ts';
import { userIdParamsSchema } from '../user.ts';
import { ifMatch, routeArea } from './define.ts';

/** Organizations and their members. */
const route = routeArea({ tag: 'organizations', auth: 'client', browser: true });

export const organizationRoutes = {
  listOrganizations: route({
    method: 'get',
    path: '/v2/client/organizations',
    summary: 'Organizations by name (search, keyset cursor); org admins see only theirs',
    query: listOrganizationsQuerySchema,
    responses: { 200: organizationListSchema },
  }),
  createOrganization: route({
    method: 'post',
    path: '/v2/client/organizations',
    summary: 'Create an organization; its first ORG_OWNER is the signed-in user or ownerUserId',
    body: createOrganizationSchema,
    responses: { 201: organizationSchema },
  }),
  getOrganization: route({
    method: 'get',
    path: '/v2/client/organizations/{organizationId}',
    summary: 'One organization; ETag carries the version',
    params: organizationIdParamsSchema,
    responses: { 200: organizationSchema },
  }),
  updateOrganization: route({
    method: 'patch',
    path: '/v2/client/organizations/{organizationId}',
    summary: "Change an organization's name, slug or description; If-Match with a stale version is a 412",
    params: organizationIdParamsSchema,
    headers: ifMatch,
    body: updateOrganizationSchema,
    responses: { 200: organizationSchema },
  }),
  deleteOrganization: route({
    method: 'delete',
    path: '/v2/client/organizations/{organizationId}',
    summary: 'Delete an organization and its memberships (the users stay)',
    params: organizationIdParamsSchema,
    headers: ifMatch,
    responses: { 204: null },
  }),
  listOrganizationMembers: route({
    method: 'get',
    path: '/v2/client/organizations/{organizationId}/members',
    summary: "An organization's members with their org roles (search, org role filter, keyset cursor)",
    params: organizationIdParamsSchema,
    query: listOrganizationMembersQuerySchema,
    responses: { 200: organizationMemberListSchema },
  }),
  addOrganizationMember: route({
    method: 'post',
    path: '/v2/client/organizations/{organizationId}/members',
    summary: 'Add an existing user of the tenant to an organization with an org role',
    params: organizationIdParamsSchema,
    body: addOrganizationMemberSchema,
    responses: { 201: organizationMemberSchema },
  }),
  updateOrganizationMember: route({
    method: 'patch',
    path: '/v2/client/organizations/{organizationId}/members/{userId}',
    summary: "Change a member's org role; the last ORG_OWNER stays one (409 last_org_owner)",
    params: organizationMemberParamsSchema,
    body: updateOrganizationMemberSchema,
    responses: { 200: organizationMemberSchema },
  }),
  removeOrganizationMember: route({
    method: 'delete',
    path: '/v2/client/organizations/{organizationId}/members/{userId}',
    summary: 'Remove a member from an organization (the user stays in the tenant)',
    params: organizationMemberParamsSchema,
    responses: { 204: null },
  }),
  listUserOrganizations: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}/organizations',
    summary: "A user's organizations and their org role in each",
    tag: 'users',
    params: userIdParamsSchema,
    responses: { 200: userOrganizationListSchema },
  }),
};

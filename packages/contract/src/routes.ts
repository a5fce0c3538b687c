import { z } from 'zod';
import { browserSessionSchema, healthSchema, signInResultSchema, signInSchema } from './auth.ts';
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
} from './organizations.ts';
import { permissionCatalogSchema } from './permissions.ts';
import { problemSchema } from './problem.ts';
import {
  createRoleSchema,
  deleteRoleQuerySchema,
  listRoleMembersQuerySchema,
  roleAssignmentResultSchema,
  roleAssignmentSchema,
  roleDeletionImpactSchema,
  roleIdParamsSchema,
  roleListSchema,
  roleMemberParamsSchema,
  roleSchema,
  updateRoleSchema,
} from './roles.ts';
import {
  auditEventListSchema,
  bulkPermissionChangeSchema,
  bulkPermissionResultSchema,
  changeOwnPasswordSchema,
  createUserSchema,
  idempotencyKeyHeaderSchema,
  ifMatchHeaderSchema,
  listUsersQuerySchema,
  setPasswordSchema,
  updateUserSchema,
  userIdParamsSchema,
  userListSchema,
  userSchema,
} from './user.ts';

/** The header that carries a signed-in actor's session token from the BFF to the IAM API. */
export const ACTOR_TOKEN_HEADER = 'x-actor-token';
/** The header every browser request to the BFF's /api must carry (CSRF defence). */
export const CSRF_HEADER = 'x-csrf';
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * The browser's address and user agent, as the BFF saw them. The IAM API records them on sessions
 * and audit events; it trusts them only on calls with valid client credentials (the BFF's).
 */
export const CLIENT_IP_HEADER = 'x-client-ip';
export const CLIENT_USER_AGENT_HEADER = 'x-client-user-agent';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route:
 * - `none`: anyone (health checks, the OpenAPI document);
 * - `client`: the tenant's Basic API_KEY:API_SECRET, with or without an actor session;
 * - `actor`: Basic client credentials plus a signed-in user's session token.
 */
export type RouteAuth = 'none' | 'client' | 'actor';

export interface RouteDef {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path, `{param}` for parameters. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /** When true, the BFF proxies `/api/iam/<path after /v2/client/>` to it for a signed-in admin. */
  browser: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads, by lower-case name (`if-match`, `idempotency-key`). */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Success responses by status; `null` for an empty body. */
  responses: Record<number, z.ZodType | null>;
}

function defineRoute<const R extends RouteDef>(route: R): R {
  return route;
}

export const routes = {
  healthz: defineRoute({
    operationId: 'healthz',
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tag: 'health',
    auth: 'none',
    browser: false,
    responses: { 200: healthSchema },
  }),
  readyz: defineRoute({
    operationId: 'readyz',
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers',
    tag: 'health',
    auth: 'none',
    browser: false,
    responses: { 200: healthSchema, 503: healthSchema },
  }),
  openapi: defineRoute({
    operationId: 'openapi',
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI document',
    tag: 'meta',
    auth: 'none',
    browser: false,
    responses: { 200: z.record(z.string(), z.unknown()) },
  }),
  signIn: defineRoute({
    operationId: 'signIn',
    method: 'post',
    path: '/v2/client/auth/sign-in',
    summary: 'Sign a dashboard user in; answers an actor session token',
    tag: 'auth',
    auth: 'client',
    browser: false,
    body: signInSchema,
    responses: { 200: signInResultSchema },
  }),
  signOut: defineRoute({
    operationId: 'signOut',
    method: 'post',
    path: '/v2/client/auth/sign-out',
    summary: "End the actor's session",
    tag: 'auth',
    auth: 'actor',
    browser: false,
    responses: { 204: null },
  }),
  me: defineRoute({
    operationId: 'me',
    method: 'get',
    path: '/v2/client/auth/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: 'actor',
    browser: true,
    responses: { 200: userSchema },
  }),
  changeOwnPassword: defineRoute({
    operationId: 'changeOwnPassword',
    method: 'post',
    path: '/v2/client/auth/password',
    summary: "Change the signed-in user's own password, given the current one; ends their other sessions",
    tag: 'auth',
    auth: 'actor',
    browser: true,
    body: changeOwnPasswordSchema,
    responses: { 204: null },
  }),
  listPermissions: defineRoute({
    operationId: 'listPermissions',
    method: 'get',
    path: '/v2/client/permissions',
    summary: "The tenant's permission catalog, grouped by category",
    tag: 'permissions',
    auth: 'client',
    browser: true,
    responses: { 200: permissionCatalogSchema },
  }),
  listUsers: defineRoute({
    operationId: 'listUsers',
    method: 'get',
    path: '/v2/client/multi-user',
    summary: 'Search, filter, sort and page through users (keyset cursor)',
    tag: 'users',
    auth: 'client',
    browser: true,
    query: listUsersQuerySchema,
    responses: { 200: userListSchema },
  }),
  createUser: defineRoute({
    operationId: 'createUser',
    method: 'post',
    path: '/v2/client/multi-user',
    summary: 'Create a dashboard user (Conscent-compatible); Idempotency-Key makes a retry safe',
    tag: 'users',
    auth: 'client',
    browser: true,
    headers: z.object({ 'idempotency-key': idempotencyKeyHeaderSchema }),
    body: createUserSchema,
    responses: { 201: userSchema },
  }),
  getUser: defineRoute({
    operationId: 'getUser',
    method: 'get',
    path: '/v2/client/multi-user/{userId}',
    summary: 'One user; ETag carries the version',
    tag: 'users',
    auth: 'client',
    browser: true,
    params: userIdParamsSchema,
    responses: { 200: userSchema },
  }),
  updateUser: defineRoute({
    operationId: 'updateUser',
    method: 'patch',
    path: '/v2/client/multi-user/{userId}',
    summary: 'Change a user (partial; Conscent-compatible); If-Match with a stale version is a 412',
    tag: 'users',
    auth: 'client',
    browser: true,
    params: userIdParamsSchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    body: updateUserSchema,
    responses: { 200: userSchema },
  }),
  deleteUser: defineRoute({
    operationId: 'deleteUser',
    method: 'delete',
    path: '/v2/client/multi-user/{userId}',
    summary: 'Delete a user and end their sessions',
    tag: 'users',
    auth: 'client',
    browser: true,
    params: userIdParamsSchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    responses: { 204: null },
  }),
  setUserPassword: defineRoute({
    operationId: 'setUserPassword',
    method: 'put',
    path: '/v2/client/multi-user/{userId}/password',
    summary: "Set another user's password (an administrator's action); ends that user's sessions",
    tag: 'users',
    auth: 'client',
    browser: true,
    params: userIdParamsSchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    body: setPasswordSchema,
    responses: { 200: userSchema },
  }),
  listUserActivity: defineRoute({
    operationId: 'listUserActivity',
    method: 'get',
    path: '/v2/client/multi-user/{userId}/activity',
    summary: 'The latest audit events about a user or made by them (newest first, at most 50)',
    tag: 'users',
    auth: 'client',
    browser: true,
    params: userIdParamsSchema,
    responses: { 200: auditEventListSchema },
  }),
  changePermissions: defineRoute({
    operationId: 'changePermissions',
    method: 'post',
    path: '/v2/client/permission-changes',
    summary: "Grant and revoke many users' direct permissions at once: all applied or none",
    tag: 'permissions',
    auth: 'client',
    browser: true,
    body: bulkPermissionChangeSchema,
    responses: { 200: bulkPermissionResultSchema },
  }),
  listRoles: defineRoute({
    operationId: 'listRoles',
    method: 'get',
    path: '/v2/client/roles',
    summary: "The tenant's roles (named permission groups), by name, with member counts",
    tag: 'roles',
    auth: 'client',
    browser: true,
    responses: { 200: roleListSchema },
  }),
  createRole: defineRoute({
    operationId: 'createRole',
    method: 'post',
    path: '/v2/client/roles',
    summary: 'Create a role; an administrator can put in it only permissions they hold',
    tag: 'roles',
    auth: 'client',
    browser: true,
    body: createRoleSchema,
    responses: { 201: roleSchema },
  }),
  getRole: defineRoute({
    operationId: 'getRole',
    method: 'get',
    path: '/v2/client/roles/{roleId}',
    summary: 'One role; ETag carries the version',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleIdParamsSchema,
    responses: { 200: roleSchema },
  }),
  updateRole: defineRoute({
    operationId: 'updateRole',
    method: 'patch',
    path: '/v2/client/roles/{roleId}',
    summary: 'Rename a role or replace its permissions; If-Match with a stale version is a 412',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleIdParamsSchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    body: updateRoleSchema,
    responses: { 200: roleSchema },
  }),
  deleteRole: defineRoute({
    operationId: 'deleteRole',
    method: 'delete',
    path: '/v2/client/roles/{roleId}',
    summary: 'Delete a role; one that users hold is refused (409 role_in_use) unless force=true',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleIdParamsSchema,
    query: deleteRoleQuerySchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    responses: { 204: null },
  }),
  getRoleDeletionImpact: defineRoute({
    operationId: 'getRoleDeletionImpact',
    method: 'get',
    path: '/v2/client/roles/{roleId}/deletion-impact',
    summary: 'How many users would lose which permissions if the role were deleted',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleIdParamsSchema,
    responses: { 200: roleDeletionImpactSchema },
  }),
  listRoleMembers: defineRoute({
    operationId: 'listRoleMembers',
    method: 'get',
    path: '/v2/client/roles/{roleId}/members',
    summary: 'The users who hold a role (search, keyset cursor)',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleIdParamsSchema,
    query: listRoleMembersQuerySchema,
    responses: { 200: userListSchema },
  }),
  assignRole: defineRoute({
    operationId: 'assignRole',
    method: 'put',
    path: '/v2/client/roles/{roleId}/members/{userId}',
    summary: 'Give a user a role (idempotent); answers the user with its new effective permissions',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleMemberParamsSchema,
    responses: { 200: userSchema },
  }),
  unassignRole: defineRoute({
    operationId: 'unassignRole',
    method: 'delete',
    path: '/v2/client/roles/{roleId}/members/{userId}',
    summary: 'Take a role from a user (idempotent); answers the user',
    tag: 'roles',
    auth: 'client',
    browser: true,
    params: roleMemberParamsSchema,
    responses: { 200: userSchema },
  }),
  changeRoleAssignments: defineRoute({
    operationId: 'changeRoleAssignments',
    method: 'post',
    path: '/v2/client/role-assignments',
    summary: 'Add and remove roles on many users at once: all applied or none',
    tag: 'roles',
    auth: 'client',
    browser: true,
    body: roleAssignmentSchema,
    responses: { 200: roleAssignmentResultSchema },
  }),
  listOrganizations: defineRoute({
    operationId: 'listOrganizations',
    method: 'get',
    path: '/v2/client/organizations',
    summary: 'Organizations by name (search, keyset cursor); org admins see only theirs',
    tag: 'organizations',
    auth: 'client',
    browser: true,
    query: listOrganizationsQuerySchema,
    responses: { 200: organizationListSchema },
  }),
  createOrganization: defineRoute({
    operationId: 'createOrganization',
    method: 'post',
    path: '/v2/client/organizations',
    summary: 'Create an organization; its first ORG_OWNER is the signed-in user or ownerUserId',
    tag: 'organizations',
    auth: 'client',
    browser: true,
    body: createOrganizationSchema,
    responses: { 201: organizationSchema },
  }),
  getOrganization: defineRoute({
    operationId: 'getOrganization',
    method: 'get',
    path: '/v2/client/organizations/{organizationId}',
    summary: 'One organization; ETag carries the version',
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationIdParamsSchema,
    responses: { 200: organizationSchema },
  }),
  updateOrganization: defineRoute({
    operationId: 'updateOrganization',
    method: 'patch',
    path: '/v2/client/organizations/{organizationId}',
    summary: "Change an organization's name, slug or description; If-Match with a stale version is a 412",
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationIdParamsSchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    body: updateOrganizationSchema,
    responses: { 200: organizationSchema },
  }),
  deleteOrganization: defineRoute({
    operationId: 'deleteOrganization',
    method: 'delete',
    path: '/v2/client/organizations/{organizationId}',
    summary: 'Delete an organization and its memberships (the users stay)',
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationIdParamsSchema,
    headers: z.object({ 'if-match': ifMatchHeaderSchema }),
    responses: { 204: null },
  }),
  listOrganizationMembers: defineRoute({
    operationId: 'listOrganizationMembers',
    method: 'get',
    path: '/v2/client/organizations/{organizationId}/members',
    summary: "An organization's members with their org roles (search, org role filter, keyset cursor)",
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationIdParamsSchema,
    query: listOrganizationMembersQuerySchema,
    responses: { 200: organizationMemberListSchema },
  }),
  addOrganizationMember: defineRoute({
    operationId: 'addOrganizationMember',
    method: 'post',
    path: '/v2/client/organizations/{organizationId}/members',
    summary: 'Add an existing user of the tenant to an organization with an org role',
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationIdParamsSchema,
    body: addOrganizationMemberSchema,
    responses: { 201: organizationMemberSchema },
  }),
  updateOrganizationMember: defineRoute({
    operationId: 'updateOrganizationMember',
    method: 'patch',
    path: '/v2/client/organizations/{organizationId}/members/{userId}',
    summary: "Change a member's org role; the last ORG_OWNER stays one (409 last_org_owner)",
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationMemberParamsSchema,
    body: updateOrganizationMemberSchema,
    responses: { 200: organizationMemberSchema },
  }),
  removeOrganizationMember: defineRoute({
    operationId: 'removeOrganizationMember',
    method: 'delete',
    path: '/v2/client/organizations/{organizationId}/members/{userId}',
    summary: 'Remove a member from an organization (the user stays in the tenant)',
    tag: 'organizations',
    auth: 'client',
    browser: true,
    params: organizationMemberParamsSchema,
    responses: { 204: null },
  }),
  listUserOrganizations: defineRoute({
    operationId: 'listUserOrganizations',
    method: 'get',
    path: '/v2/client/multi-user/{userId}/organizations',
    summary: "A user's organizations and their org role in each",
    tag: 'users',
    auth: 'client',
    browser: true,
    params: userIdParamsSchema,
    responses: { 200: userOrganizationListSchema },
  }),
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export const routeList: RouteDef[] = Object.values(routes);

/** Routes the BFF itself serves to the browser (not proxied); documented here so tests can enumerate them. */
export const bffRoutes = [
  { method: 'get', path: '/api/session', mutating: false, responses: { 200: browserSessionSchema } },
  { method: 'post', path: '/api/session', mutating: true, responses: { 200: browserSessionSchema } },
  { method: 'delete', path: '/api/session', mutating: true, responses: { 204: null } },
] as const;

export { problemSchema };

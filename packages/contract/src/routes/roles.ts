import * as role from '../roles.ts';
import { userListSchema, userSchema } from '../user.ts';
import { ifMatch, type RouteFields, withAreaDefaults } from './define.ts';

/** Roles (named permission groups) and who holds them. */
export const roleRoutes = {
  listRoles: route({
    method: 'get',
    path: '/v2/client/roles',
    scope: 'roles:read',
    summary: "The tenant's roles (named permission groups), by name, with member counts",
    responses: { 200: role.roleListSchema },
  }),
  createRole: route({
    method: 'post',
    path: '/v2/client/roles',
    scope: 'roles:write',
    summary: 'Create a role; an administrator can put in it only permissions they hold',
    body: role.createRoleSchema,
    responses: { 201: role.roleSchema },
    problems: { 409: ['conflict'] },
  }),
  getRole: route({
    method: 'get',
    path: '/v2/client/roles/{roleId}',
    scope: 'roles:read',
    summary: 'One role; ETag carries the version',
    params: role.roleIdParamsSchema,
    responses: { 200: role.roleSchema },
  }),
  updateRole: route({
    method: 'patch',
    path: '/v2/client/roles/{roleId}',
    scope: 'roles:write',
    summary: 'Rename a role or replace its permissions; If-Match with a stale version is a 412',
    params: role.roleIdParamsSchema,
    headers: ifMatch,
    body: role.updateRoleSchema,
    responses: { 200: role.roleSchema },
    problems: { 409: ['conflict'] },
  }),
  deleteRole: route({
    method: 'delete',
    path: '/v2/client/roles/{roleId}',
    scope: 'roles:write',
    summary: 'Delete a role; one that users hold is refused (409 role_in_use) unless force=true',
    params: role.roleIdParamsSchema,
    query: role.deleteRoleQuerySchema,
    headers: ifMatch,
    responses: { 204: null },
    problems: { 409: ['role_in_use'] },
  }),
  getRoleDeletionImpact: route({
    method: 'get',
    path: '/v2/client/roles/{roleId}/deletion-impact',
    scope: 'roles:read',
    summary: 'How many users would lose which permissions if the role were deleted',
    params: role.roleIdParamsSchema,
    responses: { 200: role.roleDeletionImpactSchema },
  }),
  listRoleMembers: route({
    method: 'get',
    path: '/v2/client/roles/{roleId}/members',
    scope: 'roles:read',
    summary: 'The users who hold a role (search, keyset cursor)',
    params: role.roleIdParamsSchema,
    query: role.listRoleMembersQuerySchema,
    responses: { 200: userListSchema },
  }),
  assignRole: route({
    method: 'put',
    path: '/v2/client/roles/{roleId}/members/{userId}',
    scope: 'roles:write',
    summary: 'Give a user a role (idempotent); answers the user with its new effective permissions',
    params: role.roleMemberParamsSchema,
    responses: { 200: userSchema },
  }),
  unassignRole: route({
    method: 'delete',
    path: '/v2/client/roles/{roleId}/members/{userId}',
    scope: 'roles:write',
    summary: 'Take a role from a user (idempotent); answers the user',
    params: role.roleMemberParamsSchema,
    responses: { 200: userSchema },
  }),
  changeRoleAssignments: route({
    method: 'post',
    path: '/v2/client/role-assignments',
    scope: 'roles:write',
    summary: 'Add and remove roles on many users at once: all applied or none',
    body: role.roleAssignmentSchema,
    responses: { 200: role.roleAssignmentResultSchema },
    problems: { 404: ['not_found'] },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'roles', auth: 'client', browser: true } as const, r);
}

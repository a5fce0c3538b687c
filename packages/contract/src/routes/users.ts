import { permissionCatalogSchema } from '../permissions.ts';
import {
  auditEventListSchema,
  bulkPermissionChangeSchema,
  bulkPermissionResultSchema,
  createUserSchema,
  listUsersQuerySchema,
  setPasswordSchema,
  updateUserSchema,
  userIdParamsSchema,
  userListSchema,
  userSchema,
} from '../user.ts';
import { idempotencyKey, ifMatch, routeArea } from './define.ts';

/** Users (Conscent-compatible `multi-user`), the permission catalog and bulk permission changes. */
const route = routeArea({ tag: 'users', auth: 'client', browser: true });

export const userRoutes = {
  listPermissions: route({
    method: 'get',
    path: '/v2/client/permissions',
    summary: "The tenant's permission catalog, grouped by category",
    tag: 'permissions',
    responses: { 200: permissionCatalogSchema },
  }),
  listUsers: route({
    method: 'get',
    path: '/v2/client/multi-user',
    summary: 'Search, filter, sort and page through users (keyset cursor)',
    query: listUsersQuerySchema,
    responses: { 200: userListSchema },
  }),
  createUser: route({
    method: 'post',
    path: '/v2/client/multi-user',
    summary: 'Create a dashboard user (Conscent-compatible); Idempotency-Key makes a retry safe',
    headers: idempotencyKey,
    body: createUserSchema,
    responses: { 201: userSchema },
  }),
  getUser: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}',
    summary: 'One user; ETag carries the version',
    params: userIdParamsSchema,
    responses: { 200: userSchema },
  }),
  updateUser: route({
    method: 'patch',
    path: '/v2/client/multi-user/{userId}',
    summary: 'Change a user (partial; Conscent-compatible); If-Match with a stale version is a 412',
    params: userIdParamsSchema,
    headers: ifMatch,
    body: updateUserSchema,
    responses: { 200: userSchema },
  }),
  deleteUser: route({
    method: 'delete',
    path: '/v2/client/multi-user/{userId}',
    summary: 'Delete a user and end their sessions',
    params: userIdParamsSchema,
    headers: ifMatch,
    responses: { 204: null },
  }),
  setUserPassword: route({
    method: 'put',
    path: '/v2/client/multi-user/{userId}/password',
    summary: "Set another user's password (an administrator's action); ends that user's sessions",
    params: userIdParamsSchema,
    headers: ifMatch,
    body: setPasswordSchema,
    responses: { 200: userSchema },
  }),
  listUserActivity: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}/activity',
    summary: 'The latest audit events about a user or made by them (newest first, at most 50)',
    params: userIdParamsSchema,
    responses: { 200: auditEventListSchema },
  }),
  changePermissions: route({
    method: 'post',
    path: '/v2/client/permission-changes',
    summary: "Grant and revoke many users' direct permissions at once: all applied or none",
    tag: 'permissions',
    body: bulkPermissionChangeSchema,
    responses: { 200: bulkPermissionResultSchema },
  }),
};

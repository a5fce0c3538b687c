import {
  auditEventListSchema,
  type BulkPermissionChange,
  bulkPermissionResultSchema,
  type CreateUser,
  etagOf,
  type ListUsersQuery,
  permissionCatalogSchema,
  type UpdateUser,
  type User,
  userListSchema,
  userSchema,
} from '@team-access/contract';
import { apiRequest } from '@/lib/api-client.ts';

/** The IAM API's routes, as the BFF proxies them under /api/iam. */
const USERS = '/iam/multi-user';

function queryString(params: ListUsersQuery): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `If-Match` from the version the screen showed: two admins never overwrite each other silently. */
const ifMatch = (version: number) => ({ 'If-Match': etagOf(version) });

export const usersApi = {
  list: (params: ListUsersQuery, signal?: AbortSignal) =>
    apiRequest(`${USERS}${queryString(params)}`, { schema: userListSchema, signal }),
  get: (id: string, signal?: AbortSignal) =>
    apiRequest(`${USERS}/${encodeURIComponent(id)}`, { schema: userSchema, signal }),
  create: (body: CreateUser, idempotencyKey: string) =>
    apiRequest(USERS, { method: 'POST', body, schema: userSchema, headers: { 'Idempotency-Key': idempotencyKey } }),
  update: (user: Pick<User, 'id' | 'version'>, body: UpdateUser) =>
    apiRequest(`${USERS}/${encodeURIComponent(user.id)}`, {
      method: 'PATCH',
      body,
      schema: userSchema,
      headers: ifMatch(user.version),
    }),
  setPassword: (user: Pick<User, 'id' | 'version'>, password: string) =>
    apiRequest(`${USERS}/${encodeURIComponent(user.id)}/password`, {
      method: 'PUT',
      body: { password },
      schema: userSchema,
      headers: ifMatch(user.version),
    }),
  delete: (user: Pick<User, 'id' | 'version'>) =>
    apiRequest(`${USERS}/${encodeURIComponent(user.id)}`, { method: 'DELETE', headers: ifMatch(user.version) }),
  changePermissions: (body: BulkPermissionChange) =>
    apiRequest('/iam/permission-changes', { method: 'POST', body, schema: bulkPermissionResultSchema }),
  activity: (id: string, signal?: AbortSignal) =>
    apiRequest(`${USERS}/${encodeURIComponent(id)}/activity`, { schema: auditEventListSchema, signal }),
  catalog: (signal?: AbortSignal) => apiRequest('/iam/permissions', { schema: permissionCatalogSchema, signal }),
};

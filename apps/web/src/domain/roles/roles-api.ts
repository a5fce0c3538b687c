import {
  type CreateRole,
  etagOf,
  type RoleAssignment,
  roleAssignmentResultSchema,
  roleDeletionImpactSchema,
  roleListSchema,
  roleSchema,
  type UpdateRole,
  userListSchema,
  userSchema,
} from '@team-access/contract';
import { apiRequest } from '@/lib/api-client.ts';

/** The IAM API's role routes, as the BFF proxies them under /api/iam. */
const ROLES = '/iam/roles';

const rolePath = (roleId: string) => `${ROLES}/${encodeURIComponent(roleId)}`;
const memberPath = (roleId: string, userId: string) => `${rolePath(roleId)}/members/${encodeURIComponent(userId)}`;

/** `If-Match` from the version the screen showed: two admins never overwrite each other silently. */
const ifMatch = (version: number) => ({ 'If-Match': etagOf(version) });

export interface RoleMembersQuery {
  search?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const rolesApi = {
  list: (signal?: AbortSignal) => apiRequest(ROLES, { schema: roleListSchema, signal }),
  get: (roleId: string, signal?: AbortSignal) => apiRequest(rolePath(roleId), { schema: roleSchema, signal }),
  create: (body: CreateRole) => apiRequest(ROLES, { method: 'POST', body, schema: roleSchema }),
  update: (role: { id: string; version: number }, body: UpdateRole) =>
    apiRequest(rolePath(role.id), { method: 'PATCH', body, schema: roleSchema, headers: ifMatch(role.version) }),
  /** A role that members hold is refused (409 `role_in_use`) unless `force`, sent only after the confirm. */
  delete: (role: { id: string; version: number }, { force = false }: { force?: boolean } = {}) =>
    apiRequest(`${rolePath(role.id)}${force ? '?force=true' : ''}`, {
      method: 'DELETE',
      headers: ifMatch(role.version),
    }),
  deletionImpact: (roleId: string, signal?: AbortSignal) =>
    apiRequest(`${rolePath(roleId)}/deletion-impact`, { schema: roleDeletionImpactSchema, signal }),
  members: (roleId: string, query: RoleMembersQuery, signal?: AbortSignal) =>
    apiRequest(`${rolePath(roleId)}/members${queryString({ ...query })}`, { schema: userListSchema, signal }),
  /** Answers the user with their new effective permissions and sources. */
  assign: (roleId: string, userId: string) =>
    apiRequest(memberPath(roleId, userId), { method: 'PUT', schema: userSchema }),
  unassign: (roleId: string, userId: string) =>
    apiRequest(memberPath(roleId, userId), { method: 'DELETE', schema: userSchema }),
  /** Many users at once, all or nothing (the users list's bulk action). */
  changeAssignments: (body: RoleAssignment) =>
    apiRequest('/iam/role-assignments', { method: 'POST', body, schema: roleAssignmentResultSchema }),
};

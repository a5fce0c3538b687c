import { type CreateRole, type RoleAssignment, routes, type UpdateRole } from '@team-access/contract';
import { callRoute } from '@/lib/api-client.ts';

/** Writes send the version the screen showed (If-Match): two admins never overwrite each other silently. */
type Versioned = { id: string; version: number };

export interface RoleMembersQuery {
  search?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const rolesApi = {
  list: (signal?: AbortSignal) => callRoute(routes.listRoles, { signal }),
  get: (roleId: string, signal?: AbortSignal) => callRoute(routes.getRole, { params: { roleId }, signal }),
  create: (body: CreateRole) => callRoute(routes.createRole, { body }),
  update: (role: Versioned, body: UpdateRole) =>
    callRoute(routes.updateRole, { params: { roleId: role.id }, body, ifMatch: role.version }),
  /** A role that members hold is refused (409 `role_in_use`) unless `force`, sent only after the confirm. */
  delete: (role: Versioned, { force = false }: { force?: boolean } = {}) =>
    callRoute(routes.deleteRole, {
      params: { roleId: role.id },
      query: { force: force ? 'true' : undefined },
      ifMatch: role.version,
    }),
  deletionImpact: (roleId: string, signal?: AbortSignal) =>
    callRoute(routes.getRoleDeletionImpact, { params: { roleId }, signal }),
  members: (roleId: string, query: RoleMembersQuery, signal?: AbortSignal) =>
    callRoute(routes.listRoleMembers, { params: { roleId }, query, signal }),
  /** Answers the user with their new effective permissions and sources. */
  assign: (roleId: string, userId: string) => callRoute(routes.assignRole, { params: { roleId, userId } }),
  unassign: (roleId: string, userId: string) => callRoute(routes.unassignRole, { params: { roleId, userId } }),
  /** Many users at once, all or nothing (the users list's bulk action). */
  changeAssignments: (body: RoleAssignment) => callRoute(routes.changeRoleAssignments, { body }),
};

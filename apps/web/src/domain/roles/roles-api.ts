import type { CreateRole, RoleAssignment, UpdateRole } from '@team-access/contract';
import { roleRoutes } from '@team-access/contract/routes/roles';
import { callRoute } from '@/lib/api-client.ts';

/** Writes send the version the screen showed (If-Match): two admins never overwrite each other silently. */
type Versioned = { id: string; version: number };

export interface RoleMembersQuery {
  search?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const rolesApi = {
  list: (signal?: AbortSignal) => callRoute(roleRoutes.listRoles, { signal }),
  get: (roleId: string, signal?: AbortSignal) => callRoute(roleRoutes.getRole, { params: { roleId }, signal }),
  create: (body: CreateRole) => callRoute(roleRoutes.createRole, { body }),
  update: (role: Versioned, body: UpdateRole) =>
    callRoute(roleRoutes.updateRole, { params: { roleId: role.id }, body, ifMatch: role.version }),
  /** A role that members hold is refused (409 `role_in_use`) unless `force`, sent only after the confirm. */
  delete: (role: Versioned, { force = false }: { force?: boolean } = {}) =>
    callRoute(roleRoutes.deleteRole, {
      params: { roleId: role.id },
      query: { force: force ? 'true' : undefined },
      ifMatch: role.version,
    }),
  deletionImpact: (roleId: string, signal?: AbortSignal) =>
    callRoute(roleRoutes.getRoleDeletionImpact, { params: { roleId }, signal }),
  members: (roleId: string, query: RoleMembersQuery, signal?: AbortSignal) =>
    callRoute(roleRoutes.listRoleMembers, { params: { roleId }, query, signal }),
  /** Answers the user with their new effective permissions and sources. */
  assign: (roleId: string, userId: string) => callRoute(roleRoutes.assignRole, { params: { roleId, userId } }),
  unassign: (roleId: string, userId: string) => callRoute(roleRoutes.unassignRole, { params: { roleId, userId } }),
  /** Many users at once, all or nothing (the users list's bulk action). */
  changeAssignments: (body: RoleAssignment) => callRoute(roleRoutes.changeRoleAssignments, { body }),
};

import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateRole, Role, UpdateRole } from '@team-access/contract';
import { roleQueries } from '@/domain/roles/queries.ts';
import { rolesApi } from '@/domain/roles/roles-api.ts';
import { problemReason } from '@/features/permissions/api/mutations.ts';
import { isApiError } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { permissionsToSend, type RolePermissionToggle, shownRole, withPermission } from '../role-permissions.ts';

const ROLES_TOAST = { group: 'roles' };
/** A role's permissions changed: its members' effective permissions did too (users' keys start with 'users'). */
const USERS_PREFIX = ['users'] as const;

/** A role changed on the server: its detail is the answer, the list (counts, names) may be stale. */
export function storeRole(queryClient: QueryClient, role: Role): void {
  queryClient.setQueryData(roleQueries.detail(role.id).queryKey, role);
  void queryClient.invalidateQueries({ queryKey: roleQueries.list().queryKey });
}

export const isStale = (error: unknown) => isApiError(error) && error.status === 412;

export function useCreateRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRole) => rolesApi.create(body),
    // The dialog shows field errors itself.
    meta: { silent: true },
    onSuccess: (role) => {
      storeRole(queryClient, role);
      notify(`Role ${role.name} was created`, 'success', ROLES_TOAST);
    },
  });
}

/** Rename or describe a role (the details form), carrying the version it showed. */
export function useUpdateRoleDetails() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ role, body }: { role: Role; body: UpdateRole }) => rolesApi.update(role, body),
    meta: { silent: true },
    onSuccess: (role) => {
      storeRole(queryClient, role);
      notify(`Role ${role.name} was saved`, 'success', ROLES_TOAST);
    },
  });
}

export function useDeleteRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ role, force }: { role: Role; force: boolean }) => rolesApi.delete(role, { force }),
    meta: { silent: true },
    onSuccess: (_answer, { role }) => {
      queryClient.removeQueries({ queryKey: roleQueries.detail(role.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: roleQueries.all() });
      // Its members lost what it granted.
      if (role.memberCount > 0) void queryClient.invalidateQueries({ queryKey: USERS_PREFIX });
      notify(`Role ${role.name} was deleted`, 'success', ROLES_TOAST);
    },
  });
}

const TOGGLE_KEY = ['role-permissions', 'toggle'] as const;

export interface RoleToggle extends RolePermissionToggle {
  /** For the messages: the permission's label and the role's name. */
  label: string;
  roleName: string;
}

/** The toggles shown on screen but not answered yet (the one settling excepted), oldest first. */
function waitingToggles(queryClient: QueryClient, except: RoleToggle): RoleToggle[] {
  return queryClient
    .getMutationCache()
    .findAll({ mutationKey: TOGGLE_KEY, status: 'pending' })
    .map((m) => m.state.variables as RoleToggle)
    .filter((v) => v && v !== except);
}

function showRole(queryClient: QueryClient, roleId: string, update: (role: Role) => Role): void {
  queryClient.setQueryData<Role>(roleQueries.detail(roleId).queryKey, (role) => (role ? update(role) : role));
}

/**
 * One cell of a role's grid, as ADR 009 does it for users: shown switched at once; the PATCH with
 * the role's full permission set and its version runs after the previous write for the same role
 * (one queue per role); a refusal takes back only this cell and toasts the reason; a 412 (another
 * admin changed the role) reloads the role and says so.
 */
export function useToggleRolePermission(roleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: TOGGLE_KEY,
    scope: { id: `role-permissions:${roleId}` },
    meta: { silent: true },
    mutationFn: async (toggle: RoleToggle) => {
      const role = queryClient.getQueryData<Role>(roleQueries.detail(toggle.roleId).queryKey);
      if (!role) throw new Error('The role is not loaded');
      const permissions = permissionsToSend(role, toggle, waitingToggles(queryClient, toggle));
      return rolesApi.update(role, { permissions });
    },
    onMutate: async (toggle) => {
      await queryClient.cancelQueries({ queryKey: roleQueries.detail(toggle.roleId).queryKey });
      showRole(queryClient, toggle.roleId, (role) => ({
        ...role,
        permissions: withPermission(role.permissions, toggle),
      }));
    },
    onError: async (error, toggle) => {
      const waiting = waitingToggles(queryClient, toggle);
      const verb = toggle.grant ? 'added to' : 'removed from';
      if (isStale(error)) {
        notify(
          `${toggle.roleName} was changed by someone else since you loaded it, so ${toggle.label} was not ${verb} it. The grid now shows the latest.`,
          'error',
        );
        // The queue waits for this: the next write carries the reloaded version.
        const fresh = await rolesApi.get(toggle.roleId).catch(() => undefined);
        if (fresh) queryClient.setQueryData(roleQueries.detail(fresh.id).queryKey, shownRole(fresh, waiting));
        else void queryClient.invalidateQueries({ queryKey: roleQueries.all() });
        return;
      }
      showRole(queryClient, toggle.roleId, (role) => ({
        ...role,
        permissions: withPermission(role.permissions, { key: toggle.key, grant: !toggle.grant }),
      }));
      notify(`${toggle.label} was not ${verb} ${toggle.roleName}: ${problemReason(error)}`, 'error');
    },
    onSuccess: (answer, toggle) => {
      queryClient.setQueryData(
        roleQueries.detail(answer.id).queryKey,
        shownRole(answer, waitingToggles(queryClient, toggle)),
      );
      void queryClient.invalidateQueries({ queryKey: roleQueries.list().queryKey });
      if (answer.memberCount > 0) void queryClient.invalidateQueries({ queryKey: USERS_PREFIX });
      notify(
        toggle.grant
          ? `Added ${toggle.label} to ${toggle.roleName}`
          : `Removed ${toggle.label} from ${toggle.roleName}`,
        'success',
        { group: 'role-permissions' },
      );
    },
  });
}

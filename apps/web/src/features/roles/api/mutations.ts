import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateRole, Role, UpdateRole } from '@team-access/contract';
import { useCallback } from 'react';
import type { MatrixColumn } from '@/components/grid/matrix-layout.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import { rolesApi } from '@/domain/roles/roles-api.ts';
import { isApiError } from '@/lib/api-client.ts';
import { useSilentMutation } from '@/lib/mutations.ts';
import { notify } from '@/lib/notifications.ts';
import { problemReason } from '@/lib/problem.ts';
import { cancelRoleReads, knownRole, putRole, updateRole } from '../role-cache.ts';
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
  // The dialog shows field errors itself.
  return useSilentMutation(
    (body: CreateRole) => rolesApi.create(body),
    (queryClient, role) => {
      storeRole(queryClient, role);
      notify(`Role ${role.name} was created`, 'success', ROLES_TOAST);
    },
  );
}

/** Rename or describe a role (the details form), carrying the version it showed. */
export function useUpdateRoleDetails() {
  return useSilentMutation(
    ({ role, body }: { role: Role; body: UpdateRole }) => rolesApi.update(role, body),
    (queryClient, role) => {
      storeRole(queryClient, role);
      notify(`Role ${role.name} was saved`, 'success', ROLES_TOAST);
    },
  );
}

export function useDeleteRole() {
  return useSilentMutation(
    ({ role, force }: { role: Role; force: boolean }) => rolesApi.delete(role, { force }),
    (queryClient, _answer, { role }) => {
      queryClient.removeQueries({ queryKey: roleQueries.detail(role.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: roleQueries.all() });
      // Its members lost what it granted.
      if (role.memberCount > 0) void queryClient.invalidateQueries({ queryKey: USERS_PREFIX });
      notify(`Role ${role.name} was deleted`, 'success', ROLES_TOAST);
    },
  );
}

const TOGGLE_KEY = ['role-permissions', 'toggle'] as const;

export interface RoleToggle extends RolePermissionToggle {
  /** For the messages: the permission's label and the role's name. */
  label: string;
  roleName: string;
  /** This toggle is an Undo: its toast offers no Undo of its own. */
  undo?: boolean;
}

/** Who a change of a role's permissions reaches: its holders, from the role's answer (issue 19). */
export function roleReach(memberCount: number): string {
  if (memberCount === 0) return 'nobody holds this role yet';
  return `applies to the ${memberCount === 1 ? 'member' : `${memberCount.toLocaleString()} members`} who hold${memberCount === 1 ? 's' : ''} it`;
}

/** The toggles shown on screen but not answered yet (the one settling excepted), oldest first. */
function waitingToggles(queryClient: QueryClient, except: RoleToggle): RoleToggle[] {
  return queryClient
    .getMutationCache()
    .findAll({ mutationKey: TOGGLE_KEY, status: 'pending' })
    .map((m) => m.state.variables as RoleToggle)
    .filter((v) => v && v !== except);
}

/**
 * One cell of a role's grid, as ADR 009 does it for users: shown switched at once (in the role's
 * detail and in the list, see role-cache.ts); the PATCH with the role's full permission set and its
 * version runs after the previous write; a refusal takes back only this cell and toasts the reason;
 * a 412 (another admin changed the role) reloads the role and says so.
 *
 * One queue for every role: writes for a role must run one after another (each carries the version
 * the last answered), and a mutation's scope is fixed when the hook is made, while the grid by role
 * switches many roles through one hook. A write is one small PATCH, so the wait is short.
 */
export function useToggleRolePermission() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationKey: TOGGLE_KEY,
    scope: { id: 'role-permissions' },
    meta: { silent: true },
    mutationFn: async (toggle: RoleToggle) => {
      const role = knownRole(queryClient, toggle.roleId);
      if (!role) throw new Error('The role is not loaded');
      const permissions = permissionsToSend(role, toggle, waitingToggles(queryClient, toggle));
      return rolesApi.update(role, { permissions });
    },
    onMutate: async (toggle) => {
      await cancelRoleReads(queryClient, toggle.roleId);
      updateRole(queryClient, toggle.roleId, (role) => ({
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
        if (fresh) putRole(queryClient, shownRole(fresh, waiting));
        else void queryClient.invalidateQueries({ queryKey: roleQueries.all() });
        return;
      }
      updateRole(queryClient, toggle.roleId, (role) => ({
        ...role,
        permissions: withPermission(role.permissions, { key: toggle.key, grant: !toggle.grant }),
      }));
      notify(`${toggle.label} was not ${verb} ${toggle.roleName}: ${problemReason(error)}`, 'error');
    },
    onSuccess: (answer, toggle) => {
      // The answer is the whole role (counts and version too): the list's row needs no reload.
      putRole(queryClient, shownRole(answer, waitingToggles(queryClient, toggle)));
      if (answer.memberCount > 0) void queryClient.invalidateQueries({ queryKey: USERS_PREFIX });
      const change = toggle.grant
        ? `${toggle.label} is in ${toggle.roleName}`
        : `${toggle.label} is out of ${toggle.roleName}`;
      if (toggle.undo) {
        notify(`Undone: ${change} again, ${roleReach(answer.memberCount)}`, 'success', { group: 'role-permissions' });
        return;
      }
      // As in the users' matrix: the toast says who the change reached and offers to take it back.
      notify(
        `${toggle.grant ? `Added ${toggle.label} to` : `Removed ${toggle.label} from`} ${toggle.roleName}: ${roleReach(answer.memberCount)}`,
        'success',
        {
          group: 'role-permissions',
          action: { label: 'Undo', onClick: () => mutation.mutate({ ...toggle, grant: !toggle.grant, undo: true }) },
        },
      );
    },
  });
  return mutation;
}

/** The grids' `onToggle`: one cell of one role switched (the role page's one row, or a row of the grid by role). */
export function useRoleCellToggle() {
  const toggle = useToggleRolePermission();
  const mutate = toggle.mutate;
  return useCallback(
    (role: Role, column: MatrixColumn, grant: boolean) =>
      mutate({ roleId: role.id, key: column.key, grant, label: column.label, roleName: role.name }),
    [mutate],
  );
}

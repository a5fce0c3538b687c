import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { RoleAssignment, User } from '@team-access/contract';
import { useSilentMutation } from '@/lib/mutations.ts';
import { notify } from '@/lib/notifications.ts';
import { roleQueries } from './queries.ts';
import { rolesApi } from './roles-api.ts';

/**
 * The users' query keys start with 'users' (domain/users/queries.ts; the matrix is under it
 * too). A role assignment changes those users' effective permissions everywhere they are shown.
 */
const USERS_PREFIX = ['users'] as const;
const ROLE_ASSIGNMENT_TOAST = { group: 'role-assignments' };

function assignmentsChanged(queryClient: QueryClient, users: readonly User[]): void {
  for (const user of users) queryClient.setQueryData([...USERS_PREFIX, 'detail', user.id], user);
  void queryClient.invalidateQueries({ queryKey: [...USERS_PREFIX, 'list'] });
  // Member counts and member lists of every role may have changed.
  void queryClient.invalidateQueries({ queryKey: roleQueries.all() });
}

export interface RoleMemberChange {
  roleId: string;
  roleName: string;
  userId: string;
  /** The member's name, for the toast. */
  name: string;
}

/** Gives one member a role (idempotent); the answer is the member with their new permissions. */
export function useAssignRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ roleId, userId }: RoleMemberChange) => rolesApi.assign(roleId, userId),
    onSuccess: (user, { roleName, name }) => {
      assignmentsChanged(queryClient, [user]);
      notify(`${name} now has the role ${roleName}`, 'success', ROLE_ASSIGNMENT_TOAST);
    },
  });
}

/** Takes a role from one member (idempotent). */
export function useUnassignRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ roleId, userId }: RoleMemberChange) => rolesApi.unassign(roleId, userId),
    onSuccess: (user, { roleName, name }) => {
      assignmentsChanged(queryClient, [user]);
      notify(`${name} no longer has the role ${roleName}`, 'success', ROLE_ASSIGNMENT_TOAST);
    },
  });
}

/** Adds and removes roles on many members at once: all applied or none. */
export function useChangeRoleAssignments() {
  // The dialog stays open and shows the reason.
  return useSilentMutation(
    (body: RoleAssignment & { summary: string }) => {
      const { summary: _summary, ...change } = body;
      return rolesApi.changeAssignments(change);
    },
    (queryClient, { items }, { summary }) => {
      assignmentsChanged(queryClient, items);
      notify(summary, 'success', ROLE_ASSIGNMENT_TOAST);
    },
  );
}

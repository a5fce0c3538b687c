import type { QueryClient } from '@tanstack/react-query';
import type { CreateUser, UpdateUser, User } from '@team-access/contract';
import { displayName } from '@/domain/users/display-name.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { usersApi } from '@/domain/users/users-api.ts';
import { useSilentMutation } from '@/lib/mutations.ts';
import { notify } from '@/lib/notifications.ts';

/** Outcomes of member changes replace each other: the latest shows at once instead of queueing. */
const USERS_TOAST = { group: 'users' };

/** A user changed on the server: its detail is the answer, every list may be stale. */
export function storeUser(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData(userQueries.detail(user.id).queryKey, user);
  void queryClient.invalidateQueries({ queryKey: userQueries.lists() });
}

export function useCreateUser() {
  // The dialog shows field errors itself.
  return useSilentMutation(
    ({ body, idempotencyKey }: { body: CreateUser; idempotencyKey: string }) => usersApi.create(body, idempotencyKey),
    (queryClient, user) => {
      storeUser(queryClient, user);
      notify(`${displayName(user)} was added`, 'success', USERS_TOAST);
    },
  );
}

export function useUpdateUser() {
  return useSilentMutation(
    ({ user, body }: { user: User; body: UpdateUser; message?: string }) => usersApi.update(user, body),
    (queryClient, user, { message }) => {
      storeUser(queryClient, user);
      notify(message ?? `${displayName(user)} was saved`, 'success', USERS_TOAST);
    },
  );
}

export function useSetPassword() {
  return useSilentMutation(
    ({ user, password }: { user: User; password: string }) => usersApi.setPassword(user, password),
    (queryClient, user) => {
      storeUser(queryClient, user);
      notify(`New password set for ${displayName(user)}; they were signed out everywhere`, 'success', USERS_TOAST);
    },
  );
}

/** Mails the member a new verification link (to the pending new address, if there is one). */
export function useResendVerification() {
  return useSilentMutation(
    (user: User) => usersApi.resendVerification(user.id),
    (queryClient, _answer, user) => {
      void queryClient.invalidateQueries({ queryKey: userQueries.detail(user.id).queryKey });
      notify(`A new verification link was mailed to ${user.pendingEmail ?? user.email}`, 'success', USERS_TOAST);
    },
  );
}

export function useDeleteUser() {
  return useSilentMutation(
    (user: User) => usersApi.delete(user),
    (queryClient, _answer, user) => {
      queryClient.removeQueries({ queryKey: userQueries.detail(user.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: userQueries.lists() });
      notify(`${displayName(user)} was deleted`, 'success', USERS_TOAST);
    },
  );
}

import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { BrowserSession } from '@team-access/contract';
import { useNavigate } from 'react-router';
import { notify } from '@/lib/notifications.ts';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { sessionQueries } from './queries.ts';
import { sessionApi } from './session-api.ts';

/** Drops everything cached for the previous person and records who is signed in now (or nobody). */
export function replaceSession(queryClient: QueryClient, session: BrowserSession | null): void {
  const sessionKey = sessionQueries.all();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData(sessionQueries.current().queryKey, session);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sessionApi.create,
    // The form shows every sign-in error itself.
    meta: { silent: true },
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

/** Signs out, goes to the sign-in page and forgets everything cached for this person. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: sessionApi.delete,
    meta: { errorMessage: 'Signing out failed. Try again.' },
    onSuccess: async () => {
      // Leave the protected screens first, so none of them sees the session vanish and redirects
      // with a `next` pointing back at it.
      await navigate(SIGN_IN_PATH, { replace: true });
      replaceSession(queryClient, null);
      notify('Signed out', 'success');
    },
  });
}

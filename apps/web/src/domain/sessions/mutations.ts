import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserSession } from '@team-access/contract';
import { notify } from '@/lib/notifications.ts';
import { userSessionQueries } from './queries.ts';
import { sessionName } from './session-name.ts';
import { userSessionsApi } from './sessions-api.ts';

const SESSIONS_TOAST = { group: 'sessions' };

/** Ends one session; a failure is toasted by the mutation cache, and the list reloads either way. */
export function useEndSession(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: UserSession) => userSessionsApi.endOne(userId, session.id),
    onSuccess: (_answer, session) => notify(`${sessionName(session)} was signed out`, 'success', SESSIONS_TOAST),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userSessionQueries.list(userId).queryKey }),
  });
}

/** Ends every session of the user but this browser's; `whose` names them in the toast. */
export function useEndSessions(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (_whose: { self: boolean; name: string }) => userSessionsApi.endAllButThis(userId),
    onSuccess: ({ ended }, { self, name }) => {
      const count = ended === 1 ? '1 session' : `${ended} sessions`;
      notify(
        ended === 0
          ? 'There was no other session to sign out'
          : self
            ? `${count} signed out; this one stays signed in`
            : `${name} was signed out of ${count}`,
        'success',
        SESSIONS_TOAST,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: userSessionQueries.list(userId).queryKey }),
  });
}

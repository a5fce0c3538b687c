import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { BrowserSession, PasskeySignIn } from '@team-access/contract';
import { twoStepRoutes } from '@team-access/contract/routes/two-step';
import { useNavigate } from 'react-router';
import { callRoute } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { sessionApi, sessionQueries } from '@/lib/session.ts';

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
    onSuccess: (answer) => {
      if ('user' in answer) replaceSession(queryClient, answer);
    },
  });
}

export function useCompleteTwoStep() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sessionApi.completeTwoStep,
    meta: { silent: true },
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

/** A passkey alone signs in (where the account allows it): options, the browser's passkey, the session. */
export function usePasskeySignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { options } = await callRoute(twoStepRoutes.passwordlessOptions, {});
      // The WebAuthn code loads only now: the sign-in page stays small.
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const answer = await startAuthentication({ optionsJSON: options as never });
      return sessionApi.signInWithPasskey({ response: answer as unknown as PasskeySignIn['response'] });
    },
    // The form shows every sign-in error itself.
    meta: { silent: true },
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

/** Navigation state of the sign-in page right after signing out: it forgets the session. */
export interface SignedOutState {
  signedOut: true;
}

export function isSignedOutState(state: unknown): state is SignedOutState {
  return typeof state === 'object' && state !== null && (state as { signedOut?: unknown }).signedOut === true;
}

/** Signs out, forgets everything cached for this person and goes to the sign-in page. */
export function useSignOut() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: sessionApi.delete,
    meta: { errorMessage: 'Signing out failed. Try again.' },
    onSuccess: async () => {
      // The sign-in page forgets the session once it is on screen: cleared any earlier, the
      // protected screen still showing would redirect with a `next` pointing back at itself.
      const state: SignedOutState = { signedOut: true };
      await navigate(SIGN_IN_PATH, { replace: true, state });
      notify('Signed out', 'success');
    },
  });
}

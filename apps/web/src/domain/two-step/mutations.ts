import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConfirmTotp, RegisterPasskey } from '@team-access/contract';
import { userQueries } from '@/domain/users/queries.ts';
import { notify } from '@/lib/notifications.ts';
import { sessionQueries } from '@/lib/session.ts';
import { twoStepQueries } from './queries.ts';
import { twoStepApi } from './two-step-api.ts';

/** After any change: the factors, the user (its `mfa` flag) and the session's user reload. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: twoStepQueries.all() }),
      queryClient.invalidateQueries({ queryKey: userQueries.all() }),
      queryClient.invalidateQueries({ queryKey: sessionQueries.all() }),
    ]);
}

export function useConfirmTotp() {
  const refresh = useRefresh();
  // The dialog shows the error at its field.
  return useMutation({
    mutationFn: (body: ConfirmTotp) => twoStepApi.confirm(body),
    meta: { silent: true },
    onSettled: refresh,
  });
}

/**
 * A passkey: options from the IAM, the browser's own dialog (the WebAuthn code loads only now),
 * then its answer. The dialog shows the errors itself.
 */
export function useRegisterPasskey() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (name: string) => {
      const { options } = await twoStepApi.passkeyOptions();
      const { startRegistration } = await import('@simplewebauthn/browser');
      const response = await startRegistration({ optionsJSON: options as never });
      return twoStepApi.registerPasskey({ name, response: response as unknown as RegisterPasskey['response'] });
    },
    meta: { silent: true },
    onSettled: refresh,
  });
}

export function useRemoveFactor() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (factorId: string) => twoStepApi.remove(factorId),
    onSuccess: () => notify('Two-step sign-in: the factor was removed', 'success'),
    onSettled: refresh,
  });
}

export function useRenewRecoveryCodes() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: () => twoStepApi.renewRecoveryCodes(), onSettled: refresh });
}

export function useResetTwoStep(userId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (_name: string) => twoStepApi.reset(userId),
    onSuccess: (_answer, name) => notify(`${name}'s two-step sign-in was reset and they were signed out`, 'success'),
    onSettled: refresh,
  });
}

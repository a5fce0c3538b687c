import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BulkInvitation, CreateInvitation, Invitation } from '@team-access/contract';
import { notify } from '@/lib/notifications.ts';
import { invitationsApi } from './invitations-api.ts';
import { invitationQueries } from './queries.ts';

/** Outcomes of invitation changes replace each other: the latest shows at once instead of queueing. */
export const INVITES_TOAST = { group: 'invitations' };

export function useInvalidateInvitations() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: invitationQueries.lists() });
}

export function useCreateInvitation() {
  const invalidate = useInvalidateInvitations();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateInvitation; idempotencyKey: string }) =>
      invitationsApi.create(body, idempotencyKey),
    // The dialog shows the reason under the fields.
    meta: { silent: true },
    onSuccess: (invitation) => {
      void invalidate();
      notify(`Invitation sent to ${invitation.email}`, 'success', INVITES_TOAST);
    },
  });
}

/** Several people from the invite dialog; the dialog reports each one. */
export function useBulkCreateInvitations() {
  const invalidate = useInvalidateInvitations();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: BulkInvitation; idempotencyKey: string }) =>
      invitationsApi.bulk(body, idempotencyKey),
    meta: { silent: true },
    onSettled: () => invalidate(),
  });
}

export function useResendInvitation() {
  const invalidate = useInvalidateInvitations();
  return useMutation({
    mutationFn: (invitation: Invitation) => invitationsApi.resend(invitation.id),
    // A refusal (say, 429: sent less than a minute ago) is toasted by the row with the server's reason.
    meta: { silent: true },
    onSuccess: (invitation) => {
      void invalidate();
      notify(
        `Invitation sent again to ${invitation.email}; the earlier link no longer works`,
        'success',
        INVITES_TOAST,
      );
    },
  });
}

export function useRevokeInvitation() {
  const invalidate = useInvalidateInvitations();
  return useMutation({
    mutationFn: (invitation: Invitation) => invitationsApi.revoke(invitation.id),
    meta: { silent: true },
    onSuccess: (invitation) => {
      void invalidate();
      notify(`The invitation to ${invitation.email} was revoked`, 'success', INVITES_TOAST);
    },
  });
}

import BlockOutlined from '@mui/icons-material/BlockOutlined';
import SendOutlined from '@mui/icons-material/SendOutlined';
import type { Invitation, InvitationStatus } from '@team-access/contract';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { RowActionsMenu } from '@/components/row-actions-menu.tsx';
import { errorMessage } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { useResendInvitation, useRevokeInvitation } from '../api/mutations.ts';

/**
 * The ⋮ menu of an invitation's row: Resend and Revoke, each confirmed, offered only while the
 * invitation is pending or expired. Accepted and revoked ones have no actions.
 */
export function InvitationActionsMenu({ invitation, status }: { invitation: Invitation; status: InvitationStatus }) {
  const [confirming, setConfirming] = useState<'resend' | 'revoke'>();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  if (status !== 'pending' && status !== 'expired') return null;

  // A refusal (429: sent a moment ago, or too often) is told in the server's words.
  const refused = (error: unknown) => {
    setConfirming(undefined);
    notify(errorMessage(error), 'error');
  };
  return (
    <>
      <RowActionsMenu
        id={`invitation-actions-${invitation.id}`}
        label={`Actions for ${invitation.email}`}
        actions={[
          {
            key: 'resend',
            label: 'Resend',
            icon: <SendOutlined fontSize="small" />,
            onSelect: () => setConfirming('resend'),
          },
          {
            key: 'revoke',
            label: 'Revoke',
            icon: <BlockOutlined fontSize="small" />,
            destructive: true,
            onSelect: () => setConfirming('revoke'),
          },
        ]}
      />
      <ConfirmDialog
        open={confirming === 'resend'}
        title={`Resend the invitation to ${invitation.email}?`}
        confirmLabel="Resend invitation"
        pending={resend.isPending}
        onClose={() => setConfirming(undefined)}
        onConfirm={() => resend.mutate(invitation, { onSuccess: () => setConfirming(undefined), onError: refused })}
      >
        A new link is mailed to {invitation.email}, and its time to accept starts again. The link sent before stops
        working.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'revoke'}
        title={`Revoke the invitation to ${invitation.email}?`}
        confirmLabel="Revoke invitation"
        destructive
        pending={revoke.isPending}
        onClose={() => setConfirming(undefined)}
        onConfirm={() => revoke.mutate(invitation, { onSuccess: () => setConfirming(undefined), onError: refused })}
      >
        The link in the mail to {invitation.email} stops working
        {invitation.organization ? ` and they will not join ${invitation.organization.name}` : ''}. You can invite them
        again later.
      </ConfirmDialog>
    </>
  );
}

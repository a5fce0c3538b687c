import Chip from '@mui/material/Chip';
import type { Invitation, InvitationStatus } from '@team-access/contract';
import { isPast } from '../countdown.ts';

export const invitationStatusLabels: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};
const statusColors = { pending: 'info', accepted: 'success', revoked: 'default', expired: 'warning' } as const;

/** The status as of now: a pending invitation whose time ran out while the list was open is expired. */
export function statusNow(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: number): InvitationStatus {
  return invitation.status === 'pending' && isPast(invitation.expiresAt, now) ? 'expired' : invitation.status;
}

export function InvitationStatusChip({ status }: { status: InvitationStatus }) {
  return <Chip size="small" variant="outlined" color={statusColors[status]} label={invitationStatusLabels[status]} />;
}

import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import EventBusyOutlined from '@mui/icons-material/EventBusyOutlined';
import ScheduleOutlined from '@mui/icons-material/ScheduleOutlined';
import type { Invitation, InvitationStatus } from '@team-access/contract';
import { StatusChip } from '@/components/status-chip.tsx';
import { isPast } from '../countdown.ts';

export const invitationStatusLabels: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};
const tones = { pending: 'info', accepted: 'success', revoked: 'default', expired: 'warning' } as const;
const icons = {
  pending: <ScheduleOutlined />,
  accepted: <CheckCircleOutlined />,
  revoked: <BlockOutlined />,
  expired: <EventBusyOutlined />,
};

/** The status as of now: a pending invitation whose time ran out while the list was open is expired. */
export function statusNow(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: number): InvitationStatus {
  return invitation.status === 'pending' && isPast(invitation.expiresAt, now) ? 'expired' : invitation.status;
}

export function InvitationStatusChip({ status }: { status: InvitationStatus }) {
  return <StatusChip label={invitationStatusLabels[status]} tone={tones[status]} icon={icons[status]} />;
}

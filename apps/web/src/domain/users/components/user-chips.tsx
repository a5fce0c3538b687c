import Chip from '@mui/material/Chip';
import type { AccessLevel, UserStatus } from '@team-access/contract';

export const statusLabels: Record<UserStatus, string> = { active: 'Active', inactive: 'Inactive', invited: 'Invited' };
const statusColors = { active: 'success', inactive: 'default', invited: 'info' } as const;

export function StatusChip({ status }: { status: UserStatus }) {
  return <Chip size="small" variant="outlined" color={statusColors[status]} label={statusLabels[status]} />;
}

export const accessLevelLabels: Record<AccessLevel, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' };
export const accessLevelHelp: Record<AccessLevel, string> = {
  OWNER: 'Everything, including managing owners',
  ADMIN: 'Manages members, roles and invites; grants only permissions they hold',
  MEMBER: 'Uses the features they are granted; sees only their own profile here',
};
const accessLevelColors = { OWNER: 'secondary', ADMIN: 'primary', MEMBER: 'default' } as const;

export function AccessLevelChip({ role }: { role: AccessLevel }) {
  return <Chip size="small" color={accessLevelColors[role]} label={accessLevelLabels[role]} />;
}

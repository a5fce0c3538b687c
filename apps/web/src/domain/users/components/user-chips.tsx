import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import type { AccessLevel, User, UserStatus } from '@team-access/contract';

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

/**
 * The account checks still open for a member: an email not verified yet (or a new address waiting
 * for its link to be followed), and a new password required at their next sign-in.
 */
export function AccountCheckChips({ user }: { user: Pick<User, 'emailVerified' | 'pendingEmail' | 'resetPw'> }) {
  const chips = [
    !user.emailVerified && { key: 'unverified', label: 'Email not verified' },
    user.pendingEmail !== null && { key: 'pending', label: 'Email change pending' },
    user.resetPw && { key: 'password', label: 'New password required' },
  ].filter((chip) => chip !== false);
  if (chips.length === 0) return null;
  return (
    <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {chips.map((chip) => (
        // Text in the default colour (MUI's warning orange is under 4.5:1 as text on white); the
        // icon, a graphic, carries the warning colour.
        <Chip
          key={chip.key}
          size="small"
          variant="outlined"
          icon={<WarningAmberOutlined sx={{ '&&': { color: 'warning.dark' } }} />}
          label={chip.label}
        />
      ))}
    </Stack>
  );
}

/** Marks a member who signs in with a second step (the user's `mfa`). */
export function TwoStepChip({ user }: { user: Pick<User, 'mfa'> }) {
  if (!user.mfa) return null;
  return <Chip size="small" variant="outlined" label="Two-step sign-in" sx={{ mt: 0.5 }} />;
}

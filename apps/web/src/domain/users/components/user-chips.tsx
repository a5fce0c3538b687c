import VerifiedUserOutlined from '@mui/icons-material/VerifiedUserOutlined';
import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import type { AccessLevel, User, UserStatus } from '@team-access/contract';
import type { ReactNode } from 'react';
import { VisuallyHidden } from '@/components/visually-hidden.tsx';

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
type AccountCheckFields = Pick<User, 'emailVerified' | 'pendingEmail' | 'resetPw'>;

function openAccountChecks(user: AccountCheckFields): { key: string; label: string }[] {
  return [
    !user.emailVerified && { key: 'unverified', label: 'Email not verified' },
    user.pendingEmail !== null && { key: 'pending', label: 'Email change pending' },
    user.resetPw && { key: 'password', label: 'New password required' },
  ].filter((chip) => chip !== false);
}

export function AccountCheckChips({ user }: { user: AccountCheckFields }) {
  const chips = openAccountChecks(user);
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

/**
 * The compact list's marks, one line high: a warning sign when account checks are open and a shield
 * for two-step sign-in. The words are in the row for screen readers and text search, and in a
 * tooltip for the eyes; the member's page spells them out.
 */
export function UserMarks({ user }: { user: AccountCheckFields & Pick<User, 'mfa'> }) {
  const checks = openAccountChecks(user).map((check) => check.label);
  return (
    <>
      {checks.length > 0 && (
        <Mark title={checks.join(' · ')} text={checks.join(', ')}>
          <WarningAmberOutlined fontSize="small" sx={{ color: 'warning.dark' }} />
        </Mark>
      )}
      {user.mfa && (
        <Mark title="Two-step sign-in" text="Two-step sign-in">
          <VerifiedUserOutlined fontSize="small" color="action" />
        </Mark>
      )}
    </>
  );
}

/** An icon with its words: hidden text for screen readers and search, a tooltip for the eyes (not a label). */
function Mark({ title, text, children }: { title: string; text: string; children: ReactNode }) {
  return (
    <Tooltip title={title} describeChild>
      <Box component="span" sx={{ display: 'inline-flex', flexShrink: 0 }}>
        {children}
        <VisuallyHidden>{text}</VisuallyHidden>
      </Box>
    </Tooltip>
  );
}

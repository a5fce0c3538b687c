import Button from '@mui/material/Button';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { paths } from '@/lib/paths.ts';
import { EmptyState } from './empty-state.tsx';

const MEMBER_REACH = 'Your access level is Member: you can see and manage your own profile.';

interface OwnProfileOnlyProps {
  icon: ReactNode;
  /** Who this screen is for, e.g. "Only owners and administrators see the team". */
  title: string;
  /** Why, before what a member can do instead. */
  reason?: string;
  /** The signed-in person, whose profile is offered instead (none while unknown). */
  userId: string | undefined;
}

/** A screen this access level cannot use: who it is for, and a way to the person's own profile. */
export function OwnProfileOnly({ icon, title, reason, userId }: OwnProfileOnlyProps) {
  return (
    <EmptyState icon={icon} title={title} description={reason ? `${reason} ${MEMBER_REACH}` : MEMBER_REACH}>
      {userId && (
        <Button component={RouterLink} to={paths.user(userId)} variant="outlined">
          Open my profile
        </Button>
      )}
    </EmptyState>
  );
}

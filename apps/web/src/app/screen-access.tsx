import PersonOutlined from '@mui/icons-material/PersonOutlined';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@team-access/contract';
import { administeredOrganizations } from '@/features/organizations/access.ts';
import { organizationQueries } from '@/features/organizations/api/queries.ts';
import { paths } from '@/lib/paths.ts';
import { type Screen, screens } from './navigation.tsx';

/** What a delegated admin uses: their organizations, the invitations into them, and their events. */
const DELEGATED_PATHS: string[] = [paths.organizations, paths.invites, paths.audit];

export interface ScreenAccess {
  /** Still finding out (a MEMBER's organizations are loading). */
  pending: boolean;
  /** The entries of the main navigation. */
  navigation: Screen[];
  /** Where this person starts. */
  home: string;
  /** Whether the address is one this person may open (addresses that are no screen are allowed: they show not found). */
  allows(pathname: string): boolean;
}

function isUnder(pathname: string, path: string): boolean {
  return pathname === path || pathname.startsWith(`${path}/`);
}

/**
 * Which screens the signed-in person may use. A tenant MEMBER who administers organizations
 * (ORG_OWNER or ORG_ADMIN of one) is a delegated admin: they get the Organizations screen (it lists
 * only theirs), the Invites screen (only their organizations' invitations; the IAM API answers no
 * others), the Audit screen (their organizations' events and their own) and their own profile,
 * nothing else. Everyone else sees every screen; each screen
 * shows what the person's access level allows, and the IAM API refuses the rest anyway.
 */
export function screenAccessFor(
  me: Pick<User, 'id' | 'role'> | undefined,
  administers: boolean,
): Omit<ScreenAccess, 'pending'> {
  if (me?.role !== 'MEMBER' || !administers) {
    // OWNERs and ADMINs land on the overview; members on the users screen (their profile's way in).
    const navigation = me?.role === 'MEMBER' ? screens.filter((screen) => !screen.managersOnly) : screens;
    return { navigation, home: me?.role === 'MEMBER' ? paths.users : paths.overview, allows: () => true };
  }
  const profile = paths.user(me.id);
  const delegated = screens.filter((screen) => DELEGATED_PATHS.includes(screen.path));
  return {
    navigation: [
      ...delegated,
      {
        path: profile,
        label: 'My profile',
        icon: <PersonOutlined />,
        summary: 'Your own profile.',
        capabilities: [],
      },
    ],
    home: paths.organizations,
    allows: (pathname) =>
      DELEGATED_PATHS.some((path) => isUnder(pathname, path)) ||
      pathname === profile ||
      !screens.some((screen) => isUnder(pathname, screen.path)),
  };
}

export function useScreenAccess(me: User | undefined): ScreenAccess {
  const member = me?.role === 'MEMBER';
  const mine = useQuery({ ...organizationQueries.ofUser(me?.id ?? ''), enabled: member });
  // If their organizations cannot be read, they get a plain member's view: no screen opens up.
  const administers = administeredOrganizations(mine.data).length > 0;
  return { pending: member && mine.isPending, ...screenAccessFor(me, administers) };
}

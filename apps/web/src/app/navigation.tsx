import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import ApartmentOutlined from '@mui/icons-material/ApartmentOutlined';
import DashboardOutlined from '@mui/icons-material/DashboardOutlined';
import GridOnOutlined from '@mui/icons-material/GridOnOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import MailOutlined from '@mui/icons-material/MailOutlined';
import PeopleOutlined from '@mui/icons-material/PeopleOutlined';
import WebhookOutlined from '@mui/icons-material/WebhookOutlined';
import type { ReactNode } from 'react';
import { paths } from '@/lib/paths.ts';

export interface Screen {
  path: string;
  label: string;
  icon: ReactNode;
  /** What the screen is for, in one sentence: the page's description. */
  summary: string;
  /** What the person will be able to do there. */
  capabilities: string[];
  /** Listed for OWNERs and ADMINs only (the screen tells a MEMBER who opens it why it is empty). */
  managersOnly?: boolean;
}

/** The screens of the app shell, in navigation order. */
export const screens: Screen[] = [
  {
    path: paths.overview,
    label: 'Overview',
    icon: <DashboardOutlined />,
    summary: 'Your team in figures: members, invitations, two-step, sign-ins and the latest changes.',
    capabilities: ['See who is active, invited or away, and open the list behind each figure'],
  },
  {
    path: paths.users,
    label: 'Users',
    icon: <PeopleOutlined />,
    summary: 'Everyone on your team, with their access level and status.',
    capabilities: [
      'Search, filter and sort team members; the view is kept in the address so a link opens it again',
      'Add a member with a password, an access level and feature permissions',
      'Edit, activate or deactivate, set a password for, or delete a member',
    ],
  },
  {
    path: paths.permissions,
    label: 'Permissions',
    icon: <GridOnOutlined />,
    summary: 'A matrix of team members and feature permissions.',
    capabilities: [
      'Toggle a permission for one member, with undo',
      'Grant or revoke a whole row or column at once after a confirmation that counts the changes',
      'See which permissions a role grants and where to change them',
    ],
  },
  {
    path: paths.roles,
    label: 'Roles',
    icon: <AdminPanelSettingsOutlined />,
    summary: 'Named groups of permissions that you assign to members.',
    capabilities: [
      'Create a role and choose its permissions',
      'Add members to a role and see who has it',
      'See how many members would lose which permissions before deleting a role',
    ],
  },
  {
    path: paths.organizations,
    label: 'Organizations',
    icon: <ApartmentOutlined />,
    summary: 'Companies and teams inside your account, each with its own members and admins.',
    capabilities: [
      'Create an organization and add members with an organization role',
      'Let an organization admin manage that organization and nothing else',
    ],
  },
  {
    path: paths.invites,
    label: 'Invites',
    icon: <MailOutlined />,
    summary: 'Invitations sent by email, from sending to acceptance.',
    capabilities: [
      'Invite people by email with an access level, roles and an organization',
      'See every invitation’s status; resend or revoke one',
    ],
  },
  {
    path: paths.audit,
    label: 'Audit',
    icon: <HistoryOutlined />,
    summary: 'Who changed what, and when.',
    capabilities: [
      'Every change to members, permissions, roles, organizations and invitations, with before and after',
      'Filter by person, action, organization and date; export what the filters show as CSV or NDJSON',
      'Revert a change to permissions, roles, access level, status or organization membership',
    ],
  },
  {
    path: paths.webhooks,
    label: 'Webhooks',
    icon: <WebhookOutlined />,
    summary: 'Changes sent, signed, to your own systems.',
    capabilities: [
      'Add an address that receives changes to members, roles, organizations and invitations',
      'Pause, edit or delete it; rotate its signing secret',
      'Read its deliveries and tries; send a test event; redeliver one',
    ],
    managersOnly: true,
  },
];

export function screenAt(path: string): Screen | undefined {
  return screens.find((screen) => screen.path === path);
}

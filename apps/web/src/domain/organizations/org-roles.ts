import type { OrgRole } from '@team-access/contract';

export const orgRoleLabels: Record<OrgRole, string> = {
  ORG_OWNER: 'Org owner',
  ORG_ADMIN: 'Org admin',
  ORG_USER_MANAGER: 'User manager',
  ORG_MEMBER: 'Org member',
};

export const orgRoleHelp: Record<OrgRole, string> = {
  ORG_OWNER: 'Manages the organization, its details and all its members',
  ORG_ADMIN: 'Manages the members, except the owners',
  ORG_USER_MANAGER: 'Invites and removes org members, edits their names, phone and roles',
  ORG_MEMBER: 'Belongs to the organization',
};

import Chip from '@mui/material/Chip';
import type { OrgRole } from '@team-access/contract';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';

const orgRoleColors = {
  ORG_OWNER: 'secondary',
  ORG_ADMIN: 'primary',
  ORG_USER_MANAGER: 'info',
  ORG_MEMBER: 'default',
} as const;

export function OrgRoleChip({ orgRole }: { orgRole: OrgRole }) {
  return <Chip size="small" color={orgRoleColors[orgRole]} label={orgRoleLabels[orgRole]} />;
}

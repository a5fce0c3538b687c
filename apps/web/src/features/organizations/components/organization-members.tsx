import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useQuery } from '@tanstack/react-query';
import { type Organization, type OrganizationMember, orgRoles } from '@team-access/contract';
import { FilterSelect } from '@/components/filter-select.tsx';
import { ListSearch } from '@/components/list-search.tsx';
import { NameAndEmail } from '@/components/name-and-email.tsx';
import { PagedList } from '@/components/paged-list.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { VisuallyHidden } from '@/components/visually-hidden.tsx';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { paths } from '@/lib/paths.ts';
import { useListView } from '@/lib/use-list-view.ts';
import type { OrganizationAccess } from '../access.ts';
import { memberName } from '../api/mutations.ts';
import { organizationQueries } from '../api/queries.ts';
import { organizationList, PAGE_SIZES, toMembersQuery } from '../list-params.ts';
import { MemberActionsMenu } from './member-actions.tsx';
import { OrgRoleChip } from './org-role-chip.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const tenantLevelLabels = { OWNER: 'Account owner', ADMIN: 'Account admin', MEMBER: null } as const;

/** The organization's members with their org roles: search, org role filter and paging kept in the address. */
export function OrganizationMembers({
  organization,
  access,
}: {
  organization: Organization;
  access: OrganizationAccess;
}) {
  const list = useListView(organizationList);
  const members = useQuery(organizationQueries.members(organization.id, toMembersQuery(list.view)));

  return (
    <>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ px: 2, pb: 2 }}>
        <ListSearch list={list} id="member-search" placeholder="Name or email" controls="members-table" />
        <FilterSelect
          labelId="org-role-filter-label"
          label="Org role"
          value={list.view.orgRole}
          options={orgRoles}
          optionLabel={(role) => orgRoleLabels[role]}
          minWidth={180}
          onChange={(orgRole) => list.go({ orgRole })}
        />
      </Stack>
      <PagedList
        query={members}
        list={list}
        noun="members"
        pageSizes={PAGE_SIZES}
        headingLevel="h3"
        noMatch={{ title: 'No members match', description: 'Try another search, or clear the filters.' }}
        empty={{
          title: 'No members yet',
          description: access.canAddMembers
            ? 'Add the people of your team who belong to this organization.'
            : 'Members added by an administrator will show here.',
        }}
      >
        <TableContainer>
          <Table id="members-table" aria-label={`Members of ${organization.name}`} aria-busy={members.isFetching}>
            <TableHead>
              <TableRow>
                <TableCell>Member</TableCell>
                <TableCell>Org role</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Joined</TableCell>
                <TableCell align="right">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {members.isPending ? (
                <TableSkeletonRows rows={3} columns={5} />
              ) : (
                members.data?.items.map((member) => (
                  <MemberRow key={member.userId} organization={organization} member={member} access={access} />
                ))
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </PagedList>
    </>
  );
}

const statusLabels = { active: 'Active', inactive: 'Inactive', invited: 'Invited' } as const;

function MemberRow({
  organization,
  member,
  access,
}: {
  organization: Organization;
  member: OrganizationMember;
  access: OrganizationAccess;
}) {
  const name = memberName(member);
  const tenantLevel = tenantLevelLabels[member.role];
  return (
    <TableRow hover>
      <TableCell>
        {/* The member's page is the team's: owners and administrators open it from here. */}
        <NameAndEmail
          name={name}
          email={member.email}
          to={access.tenantAdmin ? paths.user(member.userId) : undefined}
        />
      </TableCell>
      <TableCell>
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
          <OrgRoleChip orgRole={member.orgRole} />
          {tenantLevel && <Chip size="small" variant="outlined" label={tenantLevel} />}
        </Stack>
      </TableCell>
      <TableCell>{statusLabels[member.status]}</TableCell>
      <TableCell>{dateFormat.format(new Date(member.joinedAt))}</TableCell>
      <TableCell align="right" padding="checkbox">
        <MemberActionsMenu organization={organization} member={member} access={access} />
      </TableCell>
    </TableRow>
  );
}

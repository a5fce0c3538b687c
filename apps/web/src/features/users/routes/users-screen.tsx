import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import ArrowDropDown from '@mui/icons-material/ArrowDropDown';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import GridOnOutlined from '@mui/icons-material/GridOnOutlined';
import PeopleOutlined from '@mui/icons-material/PeopleOutlined';
import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Checkbox from '@mui/material/Checkbox';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { useQuery } from '@tanstack/react-query';
import { accessLevels, type BulkActionType, type User, type UserSort, userStatuses } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { FilterSelect } from '@/components/filter-select.tsx';
import { ListSearch } from '@/components/list-search.tsx';
import { NameAndEmail } from '@/components/name-and-email.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { PagedList } from '@/components/paged-list.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { visuallyHidden } from '@/components/visually-hidden.tsx';
import { useAccess } from '@/domain/users/access.ts';
import { bulkFilterOf } from '@/domain/users/bulk-api.ts';
import { BulkActionDialog, bulkActionLabels } from '@/domain/users/components/bulk-action-dialog.tsx';
import { ExportUsersDialog } from '@/domain/users/components/export-users-dialog.tsx';
import { MembershipFilters } from '@/domain/users/components/membership-filters.tsx';
import { SelectedMembersBar } from '@/domain/users/components/selected-members-bar.tsx';
import {
  AccessLevelChip,
  AccountCheckChips,
  accessLevelLabels,
  StatusChip,
  TwoStepChip,
} from '@/domain/users/components/user-chips.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import {
  accountCheckLabels,
  accountChecks,
  filterParams,
  PAGE_SIZES,
  readListParams,
  toListQuery,
  twoStepLabels,
  twoStepStates,
  userList,
} from '@/domain/users/list-params.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { useMemberSelection } from '@/domain/users/use-member-selection.ts';
import { paths } from '@/lib/paths.ts';
import { useListView } from '@/lib/use-list-view.ts';
import { ChangeRolesDialog } from '../components/change-roles-dialog.tsx';
import { UserActionsMenu } from '../components/user-actions.tsx';
import { UserFormDialog } from '../components/user-form-dialog.tsx';
import { ImportUsersDialog } from '../import/import-users-dialog.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const SORTABLE: { field: string; label: string }[] = [
  { field: 'name', label: 'Member' },
  { field: 'lastLoginAt', label: 'Last sign-in' },
  { field: 'createdAt', label: 'Added' },
];

export function UsersScreen() {
  const access = useAccess();
  const [adding, setAdding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const matrixQuery = filterParams(readListParams(searchParams)).toString();

  if (access.me && !access.canManage) {
    return (
      <PageLayout title="Users" description="Everyone on your team, with their access level and status.">
        <EmptyState
          icon={<PeopleOutlined />}
          title="Only owners and administrators see the team"
          description="Your access level is Member: you can see and manage your own profile."
        >
          <Button component={RouterLink} to={paths.user(access.me.id)} variant="outlined">
            Open my profile
          </Button>
        </EmptyState>
      </PageLayout>
    );
  }

  return (
    <PageLayout
      title="Users"
      description="Everyone on your team, with their access level and status."
      actions={
        access.canManage && (
          <>
            {/* The matrix opens on the members this list shows. */}
            <Button
              component={RouterLink}
              to={matrixQuery ? `${paths.permissions}?${matrixQuery}` : paths.permissions}
              startIcon={<GridOnOutlined />}
            >
              Open in the matrix
            </Button>
            <Button startIcon={<FileDownloadOutlined />} onClick={() => setExporting(true)}>
              Export CSV
            </Button>
            <Button startIcon={<UploadFileOutlined />} onClick={() => setImporting(true)}>
              Import CSV
            </Button>
            <Button variant="contained" startIcon={<PersonAddAlt1Outlined />} onClick={() => setAdding(true)}>
              Add member
            </Button>
          </>
        )
      }
    >
      <UserList onAdd={() => setAdding(true)} />
      <UserFormDialog
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={(user) => navigate(paths.user(user.id))}
      />
      {exporting && <ExportUsersDialog view={readListParams(searchParams)} onClose={() => setExporting(false)} />}
      {importing && <ImportUsersDialog onClose={() => setImporting(false)} />}
    </PageLayout>
  );
}

function UserList({ onAdd }: { onAdd: () => void }) {
  const listView = useListView(userList);
  const { view, go } = listView;
  const list = useQuery(userQueries.list(toListQuery(view)));
  const total = list.data?.total ?? 0;
  // The selection belongs to the search and filters: it survives paging and sorting (issue 18).
  const selection = useMemberSelection<User>(bulkFilterOf(toListQuery(view)), total);
  const { users: selected, select, clear } = selection;
  const [changingRoles, setChangingRoles] = useState(false);
  const [bulkAction, setBulkAction] = useState<BulkActionType>();
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const pageUsers = list.data?.items ?? [];
  const selectedOnPage = pageUsers.filter((user) => selection.isSelected(user.id)).length;
  const pageSelected = pageUsers.length > 0 && selectedOnPage === pageUsers.length;

  const sortField = view.sort.replace(/^-/, '');
  const descending = view.sort.startsWith('-');
  const toggleSort = (field: string) => {
    const next = (sortField === field && !descending ? `-${field}` : field) as UserSort;
    go({ sort: next });
  };

  return (
    <Card>
      <Stack direction={{ xs: 'column', md: 'row' }} useFlexGap sx={{ p: 2, gap: 2, flexWrap: 'wrap' }}>
        {/* Keeps the search usable when the filters wrap onto a second line. */}
        <Box sx={{ flex: { xs: '0 0 auto', md: '1 1 240px' }, display: 'flex', minWidth: 0 }}>
          <ListSearch list={listView} id="user-search" placeholder="Name or email" controls="users-table" />
        </Box>
        <FilterSelect
          labelId="role-filter-label"
          label="Access level"
          value={view.role}
          options={accessLevels}
          optionLabel={(role) => accessLevelLabels[role]}
          minWidth={160}
          onChange={(role) => go({ role })}
        />
        <MembershipFilters group={view.group} organizationId={view.organizationId} onChange={(next) => go(next)} />
        <FilterSelect
          labelId="status-filter-label"
          label="Status"
          value={view.status}
          options={userStatuses}
          optionLabel={(status) => status[0]?.toUpperCase() + status.slice(1)}
          minWidth={140}
          onChange={(status) => go({ status })}
        />
        <FilterSelect
          labelId="check-filter-label"
          label="Account checks"
          value={view.check}
          options={accountChecks}
          optionLabel={(check) => accountCheckLabels[check]}
          minWidth={200}
          onChange={(check) => go({ check })}
        />
        <FilterSelect
          labelId="two-step-filter-label"
          label="Two-step sign-in"
          value={view.twoStep}
          options={twoStepStates}
          optionLabel={(state) => twoStepLabels[state]}
          minWidth={170}
          onChange={(twoStep) => go({ twoStep })}
        />
      </Stack>
      {selection.count > 0 && (
        <SelectedMembersBar selection={selection} everyShownSelected={pageSelected}>
          {!selection.all && (
            <Button startIcon={<AdminPanelSettingsOutlined />} onClick={() => setChangingRoles(true)}>
              Change roles
            </Button>
          )}
          <Button
            variant="contained"
            id="bulk-actions-button"
            aria-haspopup="menu"
            aria-controls={menuAnchor ? 'bulk-actions-menu' : undefined}
            aria-expanded={menuAnchor ? 'true' : undefined}
            endIcon={<ArrowDropDown />}
            onClick={(event) => setMenuAnchor(event.currentTarget)}
          >
            Bulk actions
          </Button>
          <Menu
            id="bulk-actions-menu"
            anchorEl={menuAnchor}
            open={Boolean(menuAnchor)}
            onClose={() => setMenuAnchor(null)}
            slotProps={{ list: { 'aria-labelledby': 'bulk-actions-button' } }}
          >
            {(Object.keys(bulkActionLabels) as BulkActionType[]).map((type) => (
              <MenuItem
                key={type}
                onClick={() => {
                  setMenuAnchor(null);
                  setBulkAction(type);
                }}
              >
                {bulkActionLabels[type].menu}…
              </MenuItem>
            ))}
          </Menu>
        </SelectedMembersBar>
      )}
      <ChangeRolesDialog
        users={[...selected.values()]}
        open={changingRoles}
        onClose={() => setChangingRoles(false)}
        onDone={() => {
          setChangingRoles(false);
          clear();
        }}
      />
      {bulkAction && (
        <BulkActionDialog
          type={bulkAction}
          target={selection.target}
          onClose={() => setBulkAction(undefined)}
          onApplied={() => {
            setBulkAction(undefined);
            clear();
          }}
        />
      )}
      <PagedList
        query={list}
        list={listView}
        noun="members"
        pageSizes={PAGE_SIZES}
        noMatch={{ title: 'No members match', description: 'Try another search, or clear the filters.' }}
        empty={{
          title: 'No team members yet',
          description: 'Add the first member of your team.',
          action: (
            <Button variant="contained" onClick={onAdd}>
              Add member
            </Button>
          ),
        }}
      >
        <TableContainer>
          <Table id="users-table" aria-label="Team members" aria-busy={list.isFetching}>
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={pageSelected}
                    indeterminate={selectedOnPage > 0 && selectedOnPage < pageUsers.length}
                    disabled={pageUsers.length === 0 || selection.all}
                    onChange={(event) => select(pageUsers, event.target.checked)}
                    slotProps={{ input: { 'aria-label': 'Select all on this page' } }}
                  />
                </TableCell>
                {SORTABLE.slice(0, 1).map(({ field, label }) => (
                  <SortableHeader key={field} {...{ field, label, sortField, descending, toggleSort }} />
                ))}
                <TableCell>Access level</TableCell>
                <TableCell>Status</TableCell>
                <TableCell align="right">Permissions</TableCell>
                {SORTABLE.slice(1).map(({ field, label }) => (
                  <SortableHeader key={field} {...{ field, label, sortField, descending, toggleSort }} />
                ))}
                <TableCell align="right">
                  <Box component="span" sx={visuallyHidden}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.isPending ? (
                <TableSkeletonRows rows={5} columns={8} />
              ) : (
                list.data?.items.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    selected={selection.isSelected(user.id)}
                    disabled={selection.all}
                    onSelect={(on) => select([user], on)}
                  />
                ))
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </PagedList>
    </Card>
  );
}

function SortableHeader({
  field,
  label,
  sortField,
  descending,
  toggleSort,
}: {
  field: string;
  label: string;
  sortField: string;
  descending: boolean;
  toggleSort: (field: string) => void;
}) {
  const active = sortField === field;
  return (
    <TableCell sortDirection={active ? (descending ? 'desc' : 'asc') : false}>
      <TableSortLabel
        active={active}
        direction={active && descending ? 'desc' : 'asc'}
        onClick={() => toggleSort(field)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
}

function UserRow({
  user,
  selected,
  disabled,
  onSelect,
}: {
  user: User;
  selected: boolean;
  disabled: boolean;
  onSelect: (on: boolean) => void;
}) {
  const name = displayName(user);
  return (
    <TableRow hover selected={selected}>
      <TableCell padding="checkbox">
        <Checkbox
          checked={selected}
          disabled={disabled}
          onChange={(event) => onSelect(event.target.checked)}
          slotProps={{ input: { 'aria-label': `Select ${name}` } }}
        />
      </TableCell>
      <TableCell>
        <NameAndEmail name={name} email={user.email} to={paths.user(user.id)} />
        {/* Under the name, where the column has room: in Status they pushed the table past the screen. */}
        <Box sx={{ mt: 0.5, '&:empty': { display: 'none' } }}>
          <AccountCheckChips user={user} />
          <TwoStepChip user={user} />
        </Box>
      </TableCell>
      <TableCell>
        <AccessLevelChip role={user.role} />
      </TableCell>
      <TableCell>
        <StatusChip status={user.status} />
      </TableCell>
      <TableCell align="right">{user.effectivePermissions.length}</TableCell>
      <TableCell>{user.lastLoginAt ? dateTimeFormat.format(new Date(user.lastLoginAt)) : 'Never'}</TableCell>
      <TableCell>{dateFormat.format(new Date(user.createdAt))}</TableCell>
      <TableCell align="right" padding="checkbox">
        <UserActionsMenu user={user} />
      </TableCell>
    </TableRow>
  );
}

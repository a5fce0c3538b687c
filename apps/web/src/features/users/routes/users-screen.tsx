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
import Link from '@mui/material/Link';
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
import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { FilterSelect } from '@/components/filter-select.tsx';
import { ListSearch } from '@/components/list-search.tsx';
import { OwnProfileOnly } from '@/components/own-profile-only.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { PagedList } from '@/components/paged-list.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { visuallyHidden } from '@/components/visually-hidden.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { useAccess } from '@/domain/users/access.ts';
import { bulkFilterOf } from '@/domain/users/bulk-api.ts';
import { BulkActionDialog, bulkActionLabels } from '@/domain/users/components/bulk-action-dialog.tsx';
import { ExportUsersDialog } from '@/domain/users/components/export-users-dialog.tsx';
import { MembershipFilters } from '@/domain/users/components/membership-filters.tsx';
import { SelectedMembersBar } from '@/domain/users/components/selected-members-bar.tsx';
import { AccessLevelChip, accessLevelLabels, StatusChip, UserMarks } from '@/domain/users/components/user-chips.tsx';
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

/**
 * The list's columns. A fixed layout with these widths keeps every column where it is whatever a
 * filter shows (issue 19); below the table's minimum width (phones) it scrolls inside its card, with
 * the checkbox and the name held at the left.
 */
const COLUMNS = [
  { key: 'select', width: 44 },
  { key: 'name', label: 'Member', width: '40%', sort: 'name' },
  { key: 'email', label: 'Email', width: '34%', sort: 'email' },
  { key: 'roles', label: 'Roles', width: '26%' },
  { key: 'role', label: 'Access level', width: 104 },
  { key: 'status', label: 'Status', width: 92 },
  { key: 'lastLoginAt', label: 'Last sign-in', width: 164, sort: 'lastLoginAt' },
  { key: 'createdAt', label: 'Added', width: 104, sort: 'createdAt' },
  // The menu button and room for its focus ring inside the scrolling card.
  { key: 'actions', width: 52 },
] as const;
// Below this (phones, narrow windows) the table scrolls inside its card; a 1280 px window fits it whole.
const TABLE_MIN_WIDTH = 940;
/** A small checkbox with a 32 px target (WCAG's minimum is 24): rows stay one line of text high. */
const compactCheckbox = { p: 0.75 } as const;
/** The checkbox and name cells stay in sight while a phone scrolls the table sideways. */
const stickyCell = (left: number) =>
  ({
    position: { xs: 'sticky', md: 'static' },
    left,
    zIndex: 1,
    bgcolor: 'background.paper',
    'tr.Mui-selected > &': {
      backgroundImage: 'linear-gradient(var(--mui-palette-action-selected), var(--mui-palette-action-selected))',
    },
  }) as const;
const oneLine = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

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
        <OwnProfileOnly
          icon={<PeopleOutlined />}
          title="Only owners and administrators see the team"
          userId={access.me.id}
        />
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

  const roles = useQuery(roleQueries.list());
  const roleNames = useMemo(
    () => new Map((roles.data?.items ?? []).map((role) => [role.id, role.name] as const)),
    [roles.data],
  );

  const sortField = view.sort.replace(/^-/, '');
  const descending = view.sort.startsWith('-');
  const toggleSort = (field: string) => {
    const next = (sortField === field && !descending ? `-${field}` : field) as UserSort;
    go({ sort: next });
  };

  return (
    <Card>
      <Stack
        direction="row"
        useFlexGap
        sx={{
          p: 2,
          gap: 1.5,
          flexWrap: 'wrap',
          alignItems: 'center',
          // On a phone the filters share lines, two to a line where they fit, instead of a column of six.
          '& > .MuiFormControl-root': { flex: { xs: '1 1 140px', md: '0 0 auto' } },
        }}
      >
        {/* Keeps the search usable when the filters wrap onto a second line. */}
        <Box sx={{ flex: { xs: '1 1 100%', md: '1 1 240px' }, display: 'flex', minWidth: 0 }}>
          <ListSearch
            list={listView}
            id="user-search"
            placeholder="Name or email"
            controls="users-table"
            size="small"
          />
        </Box>
        <FilterSelect
          labelId="role-filter-label"
          label="Access level"
          value={view.role}
          options={accessLevels}
          optionLabel={(role) => accessLevelLabels[role]}
          minWidth={160}
          size="small"
          onChange={(role) => go({ role })}
        />
        <MembershipFilters
          group={view.group}
          organizationId={view.organizationId}
          onChange={(next) => go(next)}
          size="small"
        />
        <FilterSelect
          labelId="status-filter-label"
          label="Status"
          value={view.status}
          options={userStatuses}
          optionLabel={(status) => status[0]?.toUpperCase() + status.slice(1)}
          minWidth={140}
          size="small"
          onChange={(status) => go({ status })}
        />
        <FilterSelect
          labelId="check-filter-label"
          label="Account checks"
          value={view.check}
          options={accountChecks}
          optionLabel={(check) => accountCheckLabels[check]}
          minWidth={200}
          size="small"
          onChange={(check) => go({ check })}
        />
        <FilterSelect
          labelId="two-step-filter-label"
          label="Two-step sign-in"
          value={view.twoStep}
          options={twoStepStates}
          optionLabel={(state) => twoStepLabels[state]}
          // Room for the label beside the arrow.
          minWidth={184}
          size="small"
          onChange={(twoStep) => go({ twoStep })}
        />
        {/* When nothing matches, the empty state offers it instead. */}
        {listView.filtered && pageUsers.length > 0 && <Button onClick={listView.clear}>Clear filters</Button>}
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
          <Table
            id="users-table"
            aria-label="Team members"
            aria-busy={list.isFetching}
            size="small"
            // One line of text a row, chips included (15 rows and more in a 900 px window), and narrow gutters.
            sx={{
              tableLayout: 'fixed',
              minWidth: TABLE_MIN_WIDTH,
              '& .MuiTableCell-sizeSmall': { py: 0.5, px: 1 },
              // The actions button's focus ring stays inside the card's scrolling box.
              '& td:last-of-type, & th:last-of-type': { pr: 1.5 },
            }}
          >
            <colgroup>
              {COLUMNS.map((column) => (
                <col key={column.key} style={{ width: column.width }} />
              ))}
            </colgroup>
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" sx={stickyCell(0)}>
                  <Checkbox
                    size="small"
                    sx={compactCheckbox}
                    checked={pageSelected}
                    indeterminate={selectedOnPage > 0 && selectedOnPage < pageUsers.length}
                    disabled={pageUsers.length === 0 || selection.all}
                    onChange={(event) => select(pageUsers, event.target.checked)}
                    slotProps={{ input: { 'aria-label': 'Select all on this page' } }}
                  />
                </TableCell>
                {COLUMNS.slice(1, -1).map((column) =>
                  'sort' in column ? (
                    <SortableHeader
                      key={column.key}
                      field={column.sort}
                      label={column.label}
                      {...{ sortField, descending, toggleSort }}
                      sx={column.key === 'name' ? stickyCell(44) : undefined}
                    />
                  ) : (
                    <TableCell key={column.key} sx={oneLine}>
                      {'label' in column && column.label}
                    </TableCell>
                  ),
                )}
                <TableCell align="right">
                  <Box component="span" sx={visuallyHidden}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.isPending ? (
                <TableSkeletonRows rows={10} columns={COLUMNS.length} />
              ) : (
                list.data?.items.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    roleNames={roleNames}
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
  sx,
}: {
  field: string;
  label: string;
  sortField: string;
  descending: boolean;
  toggleSort: (field: string) => void;
  sx?: ReturnType<typeof stickyCell>;
}) {
  const active = sortField === field;
  return (
    <TableCell sortDirection={active ? (descending ? 'desc' : 'asc') : false} sx={{ ...oneLine, ...sx }}>
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
  roleNames,
  selected,
  disabled,
  onSelect,
}: {
  user: User;
  /** Role names by id (the tenant's roles, read once for the Role filter). */
  roleNames: ReadonlyMap<string, string>;
  selected: boolean;
  disabled: boolean;
  onSelect: (on: boolean) => void;
}) {
  const name = displayName(user);
  const roles = user.groups.flatMap((id) => roleNames.get(id) ?? []).join(', ');
  const lastSignIn = user.lastLoginAt ? dateTimeFormat.format(new Date(user.lastLoginAt)) : 'Never';
  return (
    <TableRow hover selected={selected}>
      <TableCell padding="checkbox" sx={stickyCell(0)}>
        <Checkbox
          size="small"
          sx={compactCheckbox}
          checked={selected}
          disabled={disabled}
          onChange={(event) => onSelect(event.target.checked)}
          slotProps={{ input: { 'aria-label': `Select ${name}` } }}
        />
      </TableCell>
      <TableCell sx={stickyCell(44)}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
          <Link
            component={RouterLink}
            to={paths.user(user.id)}
            underline="hover"
            title={name}
            sx={{ fontWeight: 600, ...oneLine }}
          >
            {name}
          </Link>
          <UserMarks user={user} />
        </Box>
      </TableCell>
      <TableCell title={user.email} sx={{ ...oneLine, color: 'text.secondary' }}>
        {user.email}
      </TableCell>
      <TableCell title={roles || undefined} sx={oneLine}>
        {roles || (
          <Box component="span" sx={{ color: 'text.secondary' }}>
            —
          </Box>
        )}
      </TableCell>
      <TableCell>
        <AccessLevelChip role={user.role} />
      </TableCell>
      <TableCell>
        <StatusChip status={user.status} />
      </TableCell>
      <TableCell title={lastSignIn} sx={oneLine}>
        {lastSignIn}
      </TableCell>
      <TableCell sx={oneLine}>{dateFormat.format(new Date(user.createdAt))}</TableCell>
      <TableCell align="right" padding="checkbox">
        <UserActionsMenu user={user} />
      </TableCell>
    </TableRow>
  );
}

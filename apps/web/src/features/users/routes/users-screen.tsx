import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import GridOnOutlined from '@mui/icons-material/GridOnOutlined';
import PeopleOutlined from '@mui/icons-material/PeopleOutlined';
import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import InputAdornment from '@mui/material/InputAdornment';
import InputLabel from '@mui/material/InputLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import OutlinedInput from '@mui/material/OutlinedInput';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { accessLevels, type User, type UserSort, userStatuses } from '@team-access/contract';
import { useEffect, useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { visuallyHidden } from '@/components/visually-hidden.tsx';
import { useAccess } from '@/domain/users/access.ts';
import { MembershipFilters } from '@/domain/users/components/membership-filters.tsx';
import { AccessLevelChip, accessLevelLabels, StatusChip } from '@/domain/users/components/user-chips.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import {
  filterParams,
  PAGE_SIZES,
  readListParams,
  toListQuery,
  type UserListParams,
  writeListParams,
} from '@/domain/users/list-params.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { paths } from '@/lib/paths.ts';
import { ChangeRolesDialog } from '../components/change-roles-dialog.tsx';
import { UserActionsMenu } from '../components/user-actions.tsx';
import { UserFormDialog } from '../components/user-form-dialog.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Previous pages' cursors, kept in the history entry (a keyset cursor only goes forward). */
interface PagingState {
  previous: string[];
}

const SORTABLE: { field: string; label: string }[] = [
  { field: 'name', label: 'Member' },
  { field: 'lastLoginAt', label: 'Last sign-in' },
  { field: 'createdAt', label: 'Added' },
];

export function UsersScreen() {
  const access = useAccess();
  const [adding, setAdding] = useState(false);
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
    </PageLayout>
  );
}

function UserList({ onAdd }: { onAdd: () => void }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const view = readListParams(searchParams);
  const previous = (location.state as PagingState | null)?.previous ?? [];
  const list = useQuery(userQueries.list(toListQuery(view)));
  // The selection is of this page's members: a new page, filter or sort starts a new one.
  const viewKey = searchParams.toString();
  const [selection, setSelection] = useState<{ view: string; users: Map<string, User> }>({
    view: viewKey,
    users: new Map(),
  });
  const selected = selection.view === viewKey ? selection.users : new Map<string, User>();
  const [changingRoles, setChangingRoles] = useState(false);
  const pageUsers = list.data?.items ?? [];
  const select = (users: User[], on: boolean) => {
    const next = new Map(selected);
    for (const user of users) {
      if (on) next.set(user.id, user);
      else next.delete(user.id);
    }
    setSelection({ view: viewKey, users: next });
  };
  const selectedOnPage = pageUsers.filter((user) => selected.has(user.id)).length;

  const go = (next: Partial<UserListParams>, state: PagingState = { previous: [] }, replace = false) => {
    setSearchParams(writeListParams({ ...view, cursor: undefined, ...next }), { state, replace });
  };

  const [search, setSearch] = useState(view.search);
  // The search box updates the address (and the list) once typing pauses.
  useEffect(() => {
    if (search.trim() === view.search.trim()) return;
    const timer = setTimeout(() => go({ search }, { previous: [] }, true), 300);
    return () => clearTimeout(timer);
  });

  const filtered = Boolean(view.search || view.role || view.status || view.group || view.organizationId);
  const sortField = view.sort.replace(/^-/, '');
  const descending = view.sort.startsWith('-');
  const toggleSort = (field: string) => {
    const next = (sortField === field && !descending ? `-${field}` : field) as UserSort;
    go({ sort: next });
  };

  return (
    <Card>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ p: 2 }}>
        <FormControl sx={{ flex: 1, minWidth: 0 }}>
          <InputLabel htmlFor="user-search">Search</InputLabel>
          <OutlinedInput
            id="user-search"
            label="Search"
            type="search"
            value={search}
            placeholder="Name or email"
            onChange={(event) => setSearch(event.target.value)}
            startAdornment={
              <InputAdornment position="start">
                <SearchOutlined aria-hidden />
              </InputAdornment>
            }
            inputProps={{ maxLength: 100, 'aria-controls': 'users-table' }}
          />
        </FormControl>
        <FormControl sx={{ minWidth: 160 }}>
          <InputLabel id="role-filter-label">Access level</InputLabel>
          <Select
            labelId="role-filter-label"
            label="Access level"
            value={view.role ?? ''}
            onChange={(event) => go({ role: (event.target.value || undefined) as UserListParams['role'] })}
          >
            <MenuItem value="">Any</MenuItem>
            {accessLevels.map((role) => (
              <MenuItem key={role} value={role}>
                {accessLevelLabels[role]}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <MembershipFilters group={view.group} organizationId={view.organizationId} onChange={(next) => go(next)} />
        <FormControl sx={{ minWidth: 140 }}>
          <InputLabel id="status-filter-label">Status</InputLabel>
          <Select
            labelId="status-filter-label"
            label="Status"
            value={view.status ?? ''}
            onChange={(event) => go({ status: (event.target.value || undefined) as UserListParams['status'] })}
          >
            <MenuItem value="">Any</MenuItem>
            {userStatuses.map((status) => (
              <MenuItem key={status} value={status}>
                {status[0]?.toUpperCase() + status.slice(1)}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Stack>
      {selected.size > 0 && (
        <Stack
          direction="row"
          spacing={2}
          role="region"
          aria-label="Selected members"
          sx={{ px: 2, py: 1, alignItems: 'center', bgcolor: 'action.selected' }}
        >
          <Typography sx={{ mr: 'auto' }} aria-live="polite">
            {selected.size} {selected.size === 1 ? 'member' : 'members'} selected
          </Typography>
          <Button variant="contained" startIcon={<AdminPanelSettingsOutlined />} onClick={() => setChangingRoles(true)}>
            Change roles
          </Button>
          <Button onClick={() => setSelection({ view: viewKey, users: new Map() })}>Clear selection</Button>
        </Stack>
      )}
      <ChangeRolesDialog
        users={[...selected.values()]}
        open={changingRoles}
        onClose={() => setChangingRoles(false)}
        onDone={() => {
          setChangingRoles(false);
          setSelection({ view: viewKey, users: new Map() });
        }}
      />
      <Box sx={{ height: 4 }}>{list.isFetching && !list.isPending && <LinearProgress aria-label="Updating" />}</Box>

      {list.isError ? (
        <Box sx={{ m: 2 }}>
          <LoadError error={list.error} onRetry={() => list.refetch()}>
            The members could not be loaded.
          </LoadError>
        </Box>
      ) : list.data && list.data.items.length === 0 ? (
        <Box sx={{ p: 4, textAlign: 'center' }}>
          <Typography variant="h2" gutterBottom>
            {filtered ? 'No members match' : 'No team members yet'}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {filtered ? 'Try another search, or clear the filters.' : 'Add the first member of your team.'}
          </Typography>
          {filtered ? (
            <Button
              variant="outlined"
              onClick={() => {
                setSearch('');
                go({ search: '', role: undefined, status: undefined, group: undefined, organizationId: undefined });
              }}
            >
              Clear filters
            </Button>
          ) : (
            <Button variant="contained" onClick={onAdd}>
              Add member
            </Button>
          )}
        </Box>
      ) : (
        <TableContainer>
          <Table id="users-table" aria-label="Team members" aria-busy={list.isFetching}>
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={pageUsers.length > 0 && selectedOnPage === pageUsers.length}
                    indeterminate={selectedOnPage > 0 && selectedOnPage < pageUsers.length}
                    disabled={pageUsers.length === 0}
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
                    selected={selected.has(user.id)}
                    onSelect={(on) => select([user], on)}
                  />
                ))
              )}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      {list.data && list.data.total > 0 && (
        <Stack
          direction="row"
          spacing={2}
          sx={{ p: 2, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap', rowGap: 1 }}
        >
          <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }} aria-live="polite">
            {pageSummary(previous.length, view.limit, list.data.items.length, list.data.total, view.cursor)}
          </Typography>
          <FormControl size="small" sx={{ minWidth: 104 }}>
            <InputLabel id="page-size-label">Per page</InputLabel>
            <Select
              labelId="page-size-label"
              label="Per page"
              value={view.limit}
              onChange={(event) => go({ limit: Number(event.target.value) })}
            >
              {PAGE_SIZES.map((size) => (
                <MenuItem key={size} value={size}>
                  {size}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <Button
            disabled={!view.cursor}
            onClick={() => {
              const back = previous.at(-1);
              go({ cursor: back || undefined }, { previous: previous.slice(0, -1) });
            }}
          >
            {previous.length > 0 || !view.cursor ? 'Previous' : 'First page'}
          </Button>
          <Button
            disabled={!list.data.nextCursor}
            onClick={() =>
              go({ cursor: list.data.nextCursor ?? undefined }, { previous: [...previous, view.cursor ?? ''] })
            }
          >
            Next
          </Button>
        </Stack>
      )}
    </Card>
  );
}

function pageSummary(page: number, limit: number, shown: number, total: number, cursor: string | undefined) {
  if (cursor && page === 0) return `${shown} of ${total.toLocaleString()} members`;
  const first = page * limit + 1;
  return `${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} of ${total.toLocaleString()} members`;
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

function UserRow({ user, selected, onSelect }: { user: User; selected: boolean; onSelect: (on: boolean) => void }) {
  const name = displayName(user);
  return (
    <TableRow hover selected={selected}>
      <TableCell padding="checkbox">
        <Checkbox
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
          slotProps={{ input: { 'aria-label': `Select ${name}` } }}
        />
      </TableCell>
      <TableCell>
        <Link component={RouterLink} to={paths.user(user.id)} underline="hover" sx={{ fontWeight: 600 }}>
          {name}
        </Link>
        {name !== user.email && (
          <Typography variant="body2" color="text.secondary">
            {user.email}
          </Typography>
        )}
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

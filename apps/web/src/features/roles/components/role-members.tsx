import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import PersonRemoveOutlined from '@mui/icons-material/PersonRemoveOutlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role, User } from '@team-access/contract';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { pageSummary } from '@/components/list-pager.tsx';
import { ListResults } from '@/components/list-results.tsx';
import { NameAndEmail } from '@/components/name-and-email.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { visuallyHidden } from '@/components/visually-hidden.tsx';
import { useUnassignRole } from '@/domain/roles/mutations.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import type { RoleAccess } from '@/domain/roles/role-rules.ts';
import { AccessLevelChip } from '@/domain/users/components/user-chips.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import { paths } from '@/lib/paths.ts';
import { AddRoleMembersDialog } from './add-role-members-dialog.tsx';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

/** The members who hold a role: search, pages (keyset cursor), add by searching users, remove after a confirm. */
export function RoleMembers({ role, access }: { role: Role; access: RoleAccess }) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  // Cursors of the pages before this one: a keyset cursor only goes forward.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const members = useQuery(roleQueries.members(role.id, { search: query || undefined, limit: PAGE_SIZE, cursor }));
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<User>();
  const unassign = useUnassignRole();
  // An admin cannot give a role that grants what they do not hold, nor take it away (ADR 017).
  const whyNot = access.whyNotAssign(role);
  const whyKept = access.whyNotUnassign(role);

  useEffect(() => {
    if (search.trim() === query) return;
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setCursors([undefined]);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, query]);

  return (
    <Card>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ p: 2, alignItems: { sm: 'center' } }}>
        <TextField
          label="Search members"
          type="search"
          size="small"
          value={search}
          onChange={(event) => setSearch(event.target.value.slice(0, 100))}
          sx={{ flex: 1, maxWidth: { sm: 360 } }}
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchOutlined fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
        <Box sx={{ flex: 1 }} />
        {access.canManage && whyNot && (
          <Typography variant="body2" color="text.secondary" id="add-members-reason">
            You cannot add members: {whyNot.charAt(0).toLowerCase()}
            {whyNot.slice(1)}
          </Typography>
        )}
        {access.canManage && whyKept && (
          <Typography variant="body2" color="text.secondary" id="remove-members-reason">
            You cannot remove members: {whyKept.charAt(0).toLowerCase()}
            {whyKept.slice(1)}
          </Typography>
        )}
        {access.canManage && (
          <Button
            variant="contained"
            startIcon={<PersonAddAlt1Outlined />}
            onClick={() => setAdding(true)}
            disabled={Boolean(whyNot)}
            aria-describedby={whyNot ? 'add-members-reason' : undefined}
          >
            Add members
          </Button>
        )}
      </Stack>
      <ListResults
        query={members}
        loadError="The members of this role could not be loaded."
        retrying
        empty={{
          title: query ? 'No member matches' : 'Nobody holds this role yet',
          description: query
            ? 'Try another search.'
            : `Add members: each one gets the role's ${role.permissions.length} permissions.`,
          action: !query && !whyNot && (
            <Button variant="outlined" onClick={() => setAdding(true)}>
              Add members
            </Button>
          ),
        }}
        footer={
          members.data && (
            <Stack direction="row" spacing={2} sx={{ p: 2, alignItems: 'center', justifyContent: 'flex-end' }}>
              <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }} aria-live="polite">
                {pageSummary(
                  cursors.length - 1,
                  PAGE_SIZE,
                  members.data.items.length,
                  members.data,
                  undefined,
                  'members',
                )}
              </Typography>
              <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous
              </Button>
              <Button
                disabled={!members.data.nextCursor}
                onClick={() => setCursors([...cursors, members.data.nextCursor ?? undefined])}
              >
                Next
              </Button>
            </Stack>
          )
        }
      >
        <TableContainer>
          <Table aria-label={`Members of ${role.name}`} aria-busy={members.isFetching}>
            <TableHead>
              <TableRow>
                <TableCell>Member</TableCell>
                <TableCell>Access level</TableCell>
                <TableCell align="right">Permissions</TableCell>
                <TableCell align="right">
                  <Box component="span" sx={visuallyHidden}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {members.isPending ? (
                <TableSkeletonRows rows={3} columns={4} />
              ) : (
                members.data?.items.map((user) => {
                  const name = displayName(user);
                  return (
                    <TableRow key={user.id} hover>
                      <TableCell>
                        <NameAndEmail name={name} email={user.email} to={paths.user(user.id)} />
                      </TableCell>
                      <TableCell>
                        <AccessLevelChip role={user.role} />
                      </TableCell>
                      <TableCell align="right">{user.effectivePermissions.length}</TableCell>
                      <TableCell align="right">
                        {access.canManage && (
                          <Button
                            size="small"
                            color="error"
                            startIcon={<PersonRemoveOutlined />}
                            disabled={Boolean(whyKept)}
                            aria-describedby={whyKept ? 'remove-members-reason' : undefined}
                            onClick={() => setRemoving(user)}
                            aria-label={`Remove ${name} from ${role.name}`}
                          >
                            Remove
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </ListResults>
      <AddRoleMembersDialog role={role} open={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={removing !== undefined}
        title={removing ? `Remove ${displayName(removing)} from ${role.name}?` : ''}
        confirmLabel="Remove from role"
        destructive
        pending={unassign.isPending}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => {
          if (!removing) return;
          unassign.mutate(
            { roleId: role.id, roleName: role.name, userId: removing.id, name: displayName(removing) },
            { onSettled: () => setRemoving(undefined) },
          );
        }}
      >
        {removing?.email} loses the permissions of {role.name} that they hold neither directly nor through another role.
      </ConfirmDialog>
    </Card>
  );
}

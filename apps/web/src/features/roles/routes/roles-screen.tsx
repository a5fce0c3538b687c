import Add from '@mui/icons-material/Add';
import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { visuallyHidden } from '@/components/visually-hidden.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import { useAccess } from '@/features/users/access.ts';
import { catalogQueries } from '@/features/users/api/queries.ts';
import { DeleteRoleDialog } from '../components/delete-role-dialog.tsx';
import { RoleActionsMenu } from '../components/role-actions-menu.tsx';
import { RoleFormDialog } from '../components/role-form-dialog.tsx';

const TITLE = 'Roles';
const DESCRIPTION = 'Named groups of permissions. A member who holds a role gets all of its permissions.';

/** The roles of the tenant, with their permission and member counts, at /roles. */
export function RolesScreen() {
  const access = useAccess();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Role>();

  if (access.me && !access.canManage) {
    return (
      <PageLayout title={TITLE} description={DESCRIPTION}>
        <EmptyState
          icon={<LockOutlined />}
          title="Only owners and admins manage roles"
          description="Owners and administrators create roles and give them to team members. Your own roles are on your profile."
        >
          <Button component={RouterLink} to={`/users/${access.me.id}`} variant="outlined">
            Open my profile
          </Button>
        </EmptyState>
      </PageLayout>
    );
  }

  return (
    <PageLayout
      title={TITLE}
      description={DESCRIPTION}
      actions={
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          Create role
        </Button>
      }
    >
      <RoleTable onCreate={() => setCreating(true)} onDelete={setDeleting} />
      <RoleFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(role) => navigate(`/roles/${role.id}`)}
      />
      <DeleteRoleDialog role={deleting} onClose={() => setDeleting(undefined)} />
    </PageLayout>
  );
}

function RoleTable({ onCreate, onDelete }: { onCreate: () => void; onDelete: (role: Role) => void }) {
  const roles = useQuery(roleQueries.list());
  const catalog = useQuery(catalogQueries.catalog());

  if (roles.isError) {
    return (
      <LoadError error={roles.error} onRetry={() => roles.refetch()} retrying={roles.isFetching}>
        The roles could not be loaded.
      </LoadError>
    );
  }
  if (roles.data?.items.length === 0) {
    return (
      <EmptyState
        icon={<AdminPanelSettingsOutlined />}
        title="No roles yet"
        description="Create a role for each kind of work on your team (Marketing, Support, Finance…), choose its permissions once, then give it to members instead of switching permissions one by one."
      >
        <Button variant="contained" startIcon={<Add />} onClick={onCreate}>
          Create the first role
        </Button>
      </EmptyState>
    );
  }
  const catalogSize = catalog.data?.items.length;
  return (
    <Card>
      <TableContainer>
        <Table aria-label="Roles" aria-busy={roles.isPending}>
          <TableHead>
            <TableRow>
              <TableCell>Role</TableCell>
              <TableCell>Description</TableCell>
              <TableCell align="right">Permissions</TableCell>
              <TableCell align="right">Members</TableCell>
              <TableCell align="right" padding="checkbox">
                <Box component="span" sx={visuallyHidden}>
                  Actions
                </Box>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {roles.isPending ? (
              <TableSkeletonRows rows={4} columns={5} />
            ) : (
              roles.data.items.map((role) => (
                <TableRow key={role.id} hover>
                  <TableCell>
                    <Link component={RouterLink} to={`/roles/${role.id}`} underline="hover" sx={{ fontWeight: 600 }}>
                      {role.name}
                    </Link>
                  </TableCell>
                  <TableCell sx={{ maxWidth: 420 }}>
                    <Typography variant="body2" color={role.description ? 'text.primary' : 'text.secondary'}>
                      {role.description || '—'}
                    </Typography>
                  </TableCell>
                  <TableCell align="right">
                    {role.permissions.length}
                    {catalogSize ? (
                      <Typography component="span" variant="body2" color="text.secondary">
                        {' '}
                        of {catalogSize}
                      </Typography>
                    ) : null}
                  </TableCell>
                  <TableCell align="right">{role.memberCount.toLocaleString()}</TableCell>
                  <TableCell align="right" padding="checkbox">
                    <RoleActionsMenu role={role} onDelete={onDelete} />
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Card>
  );
}

import Add from '@mui/icons-material/Add';
import LockOutlined from '@mui/icons-material/LockOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Link from '@mui/material/Link';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { visuallyHidden } from '@/components/visually-hidden.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { roleAccessFor } from '@/domain/roles/role-rules.ts';
import { useAccess } from '@/domain/users/access.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { paths } from '@/lib/paths.ts';
import { DeleteRoleDialog } from '../components/delete-role-dialog.tsx';
import { NoRoles } from '../components/no-roles.tsx';
import { PermissionsByRole } from '../components/permissions-by-role.tsx';
import { RoleActionsMenu } from '../components/role-actions-menu.tsx';
import { RoleFormDialog } from '../components/role-form-dialog.tsx';

const TITLE = 'Roles';
const DESCRIPTION = 'Named groups of permissions. A member who holds a role gets all of its permissions.';

/** The list (the default) or the roles × permissions grid, kept in the address so a link opens it. */
type RolesView = 'list' | 'grid';

/** The roles of the tenant at /roles: a list with permission and member counts, or ?view=grid, all of them as a grid. */
export function RolesScreen() {
  const access = useAccess();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: RolesView = params.get('view') === 'grid' ? 'grid' : 'list';
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
          <Button component={RouterLink} to={paths.user(access.me.id)} variant="outlined">
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
      <Box sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Tabs
          value={view}
          onChange={(_event, next: RolesView) => setParams(next === 'grid' ? { view: 'grid' } : {}, { replace: true })}
          aria-label="Roles views"
        >
          <Tab value="list" label="List" id="roles-tab-list" aria-controls="roles-panel" />
          <Tab value="grid" label="Permissions by role" id="roles-tab-grid" aria-controls="roles-panel" />
        </Tabs>
      </Box>
      <div role="tabpanel" id="roles-panel" aria-labelledby={`roles-tab-${view}`}>
        {view === 'grid' ? (
          <PermissionsByRole onCreate={() => setCreating(true)} />
        ) : (
          <RoleTable onCreate={() => setCreating(true)} onDelete={setDeleting} />
        )}
      </div>
      <RoleFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(role) => navigate(paths.role(role.id))}
      />
      <DeleteRoleDialog role={deleting} onClose={() => setDeleting(undefined)} />
    </PageLayout>
  );
}

function RoleTable({ onCreate, onDelete }: { onCreate: () => void; onDelete: (role: Role) => void }) {
  const roles = useQuery(roleQueries.list());
  // An admin deletes only roles whose permissions they all hold (ADR 017): the others offer no Delete.
  const roleAccess = roleAccessFor(useAccess().me);
  const catalog = useQuery(catalogQueries.catalog());

  if (roles.isError) {
    return (
      <LoadError error={roles.error} onRetry={() => roles.refetch()} retrying={roles.isFetching}>
        The roles could not be loaded.
      </LoadError>
    );
  }
  if (roles.data?.items.length === 0) return <NoRoles onCreate={onCreate} />;
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
                    <Link component={RouterLink} to={paths.role(role.id)} underline="hover" sx={{ fontWeight: 600 }}>
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
                    <RoleActionsMenu role={role} onDelete={roleAccess.whyNotDelete(role) ? undefined : onDelete} />
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

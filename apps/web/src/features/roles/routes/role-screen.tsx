import ArrowBack from '@mui/icons-material/ArrowBack';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import SearchOffOutlined from '@mui/icons-material/SearchOffOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { catalogColumns } from '@/components/grid/matrix-layout.ts';
import { MatrixLegend } from '@/components/grid/matrix-legend.tsx';
import { MatrixSkeleton } from '@/components/grid/matrix-skeleton.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { AuditActivity } from '@/domain/audit/components/audit-activity.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { type RoleAccess, roleAccessFor } from '@/domain/roles/role-rules.ts';
import { useAccess } from '@/domain/users/access.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { isApiError } from '@/lib/api-client.ts';
import { paths } from '@/lib/paths.ts';
import { useRoleCellToggle } from '../api/mutations.ts';
import { DeleteRoleDialog } from '../components/delete-role-dialog.tsx';
import { RoleFormDialog } from '../components/role-form-dialog.tsx';
import { RoleMembers } from '../components/role-members.tsx';
import { RolePermissionGrid } from '../components/role-permission-grid.tsx';

type RoleTab = 'permissions' | 'members' | 'activity';
const ROLE_TABS: RoleTab[] = ['permissions', 'members', 'activity'];

/** One role at /roles/:roleId: its details, its permissions as a grid, its members (?tab=members) and its activity (?tab=activity). */
export function RoleScreen() {
  const { roleId = '' } = useParams();
  const role = useQuery(roleQueries.detail(roleId));
  const { me } = useAccess();
  const access = useMemo(() => roleAccessFor(me), [me]);

  if (role.isPending) {
    return (
      <PageLayout title="Role" description={<Skeleton width={240} />}>
        <MatrixSkeleton />
      </PageLayout>
    );
  }
  if (role.isError) {
    // A role of another tenant, a deleted one and a malformed id are the same "not found".
    const missing = isApiError(role.error) && (role.error.status === 404 || role.error.status === 400);
    return (
      <PageLayout title={missing ? 'Role not found' : 'Role'}>
        {missing ? (
          <EmptyState
            icon={<SearchOffOutlined />}
            title="This role does not exist"
            description="It may have been deleted, or the link is wrong."
          >
            <Button component={RouterLink} to={paths.roles} variant="outlined" startIcon={<ArrowBack />}>
              All roles
            </Button>
          </EmptyState>
        ) : (
          <LoadError error={role.error} onRetry={() => role.refetch()} retrying={role.isFetching}>
            This role could not be loaded.
          </LoadError>
        )}
      </PageLayout>
    );
  }
  return <RoleDetail role={role.data} access={access} />;
}

function RoleDetail({ role, access }: { role: Role; access: RoleAccess }) {
  const { me } = useAccess();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: RoleTab = ROLE_TABS.find((t) => t === params.get('tab')) ?? 'permissions';
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  return (
    <PageLayout
      title={role.name}
      description={role.description || 'No description.'}
      actions={
        <>
          <Button component={RouterLink} to={paths.roles} startIcon={<ArrowBack />}>
            All roles
          </Button>
          {access.canManage && (
            <>
              <Button variant="contained" startIcon={<EditOutlined />} onClick={() => setEditing(true)}>
                Edit details
              </Button>
              <Button
                variant="outlined"
                color="error"
                startIcon={<DeleteOutlined />}
                onClick={() => setDeleting(true)}
                disabled={Boolean(access.whyNotDelete(role))}
                aria-describedby={access.whyNotDelete(role) ? 'role-rule-note' : undefined}
              >
                Delete
              </Button>
            </>
          )}
        </>
      }
    >
      {me?.role === 'ADMIN' && (
        <Typography variant="body2" color="text.secondary" id="role-rule-note">
          You can put in a role, and take out of one, only permissions you hold yourself.
          {access.whyNotDelete(role) ? ` ${access.whyNotDelete(role)}` : ''}
        </Typography>
      )}
      <Box sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Tabs
          value={tab}
          onChange={(_event, next: RoleTab) =>
            setParams(next === 'permissions' ? {} : { tab: next }, { replace: true })
          }
          aria-label="Role sections"
        >
          <Tab
            value="permissions"
            label={`Permissions (${role.permissions.length})`}
            id="role-tab-permissions"
            aria-controls="role-panel"
          />
          <Tab
            value="members"
            label={`Members (${role.memberCount.toLocaleString()})`}
            id="role-tab-members"
            aria-controls="role-panel"
          />
          <Tab value="activity" label="Activity" id="role-tab-activity" aria-controls="role-panel" />
        </Tabs>
      </Box>
      <div role="tabpanel" id="role-panel" aria-labelledby={`role-tab-${tab}`}>
        {tab === 'permissions' ? (
          <RolePermissions role={role} access={access} />
        ) : tab === 'members' ? (
          <RoleMembers role={role} access={access} />
        ) : (
          <AuditActivity
            filters={{ targetType: 'role', targetId: role.id }}
            description="Changes to this role, newest first"
            empty="Changes to this role will show here."
          />
        )}
      </div>
      <RoleFormDialog role={role} open={editing} onClose={() => setEditing(false)} />
      <DeleteRoleDialog
        role={deleting ? role : undefined}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate(paths.roles, { replace: true })}
      />
    </PageLayout>
  );
}

function RolePermissions({ role, access }: { role: Role; access: RoleAccess }) {
  const catalog = useQuery(catalogQueries.catalog());
  const onToggle = useRoleCellToggle();
  const { columns, categories } = useMemo(
    () => (catalog.data ? catalogColumns(catalog.data) : { columns: [], categories: [] }),
    [catalog.data],
  );

  if (catalog.isError) {
    return (
      <LoadError error={catalog.error} onRetry={() => catalog.refetch()} retrying={catalog.isFetching}>
        The permission catalog could not be loaded.
      </LoadError>
    );
  }
  if (!catalog.data) return <MatrixSkeleton />;
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ justifyContent: 'space-between' }}>
        <MatrixLegend inherited={false} />
        <Typography variant="body2" color="text.secondary">
          {role.memberCount > 0
            ? `A change applies at once to the ${role.memberCount === 1 ? 'member who holds' : `${role.memberCount.toLocaleString()} members who hold`} this role.`
            : 'Nobody holds this role yet.'}
        </Typography>
      </Stack>
      {!access.canManage && <Alert severity="info">Only owners and administrators can change roles.</Alert>}
      <RolePermissionGrid
        label={`Permissions of the role ${role.name}`}
        roles={[role]}
        columns={columns}
        categories={categories}
        access={access}
        onToggle={onToggle}
      />
    </Stack>
  );
}

import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { catalogColumns } from '@/components/grid/matrix-layout.ts';
import { MatrixLegend } from '@/components/grid/matrix-legend.tsx';
import { MatrixSkeleton } from '@/components/grid/matrix-skeleton.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { MANAGE_ROLES_REASON, roleAccessFor } from '@/domain/roles/role-rules.ts';
import { useAccess } from '@/domain/users/access.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { paths } from '@/lib/paths.ts';
import { useRoleCellToggle } from '../api/mutations.ts';
import { NoRoles } from './no-roles.tsx';
import { RolePermissionGrid } from './role-permission-grid.tsx';

const roleHref = (role: { id: string }) => paths.role(role.id);

/**
 * The Roles screen's second view (?view=grid): every role a row, every permission a column, read
 * from the one list request; a toggle writes like the role page's grid does.
 */
export function PermissionsByRole({ onCreate }: { onCreate: () => void }) {
  const roles = useQuery(roleQueries.list());
  const catalog = useQuery(catalogQueries.catalog());
  const { me } = useAccess();
  const access = useMemo(() => roleAccessFor(me), [me]);
  const onToggle = useRoleCellToggle();
  const { columns, categories } = useMemo(
    () => (catalog.data ? catalogColumns(catalog.data) : { columns: [], categories: [] }),
    [catalog.data],
  );

  const failed = roles.isError ? roles : catalog.isError ? catalog : undefined;
  if (failed) {
    return (
      <LoadError error={failed.error} onRetry={() => failed.refetch()} retrying={failed.isFetching}>
        {failed === roles ? 'The roles could not be loaded.' : 'The permission catalog could not be loaded.'}
      </LoadError>
    );
  }
  if (roles.data?.items.length === 0) return <NoRoles onCreate={onCreate} />;
  if (!roles.data || !catalog.data) return <MatrixSkeleton />;
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ justifyContent: 'space-between' }}>
        <MatrixLegend inherited={false} />
        <Typography variant="body2" color="text.secondary">
          A change applies at once to every member who holds the role.
        </Typography>
      </Stack>
      {/* Until the session is known every cell is read-only; say why only once it is. */}
      {me && !access.canManage && <Alert severity="info">{MANAGE_ROLES_REASON}</Alert>}
      {me?.role === 'ADMIN' && (
        <Typography variant="body2" color="text.secondary">
          You can put in a role, and take out of one, only permissions you hold yourself. The others are read-only.
        </Typography>
      )}
      <RolePermissionGrid
        label="Permissions by role"
        roles={roles.data.items}
        columns={columns}
        categories={categories}
        access={access}
        onToggle={onToggle}
        roleHref={roleHref}
      />
    </Stack>
  );
}

import Alert from '@mui/material/Alert';
import type { UseQueryResult } from '@tanstack/react-query';
import type { PermissionCatalog } from '@team-access/contract';
import { PermissionCheckboxes } from '@/domain/users/components/permission-checkboxes.tsx';

/** The permission catalog as checkboxes, with a warning when the catalog could not be loaded. */
export function CatalogCheckboxes({
  catalog,
  value,
  onChange,
  canGrant,
}: {
  catalog: UseQueryResult<PermissionCatalog>;
  value: Record<string, boolean>;
  onChange: (next: Record<string, boolean>) => void;
  canGrant: (key: string) => boolean;
}) {
  return (
    <>
      {catalog.isError && <Alert severity="warning">The permission catalog could not be loaded.</Alert>}
      <PermissionCheckboxes catalog={catalog.data} value={value} onChange={onChange} canGrant={canGrant} />
    </>
  );
}

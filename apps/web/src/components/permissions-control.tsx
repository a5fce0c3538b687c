import Typography from '@mui/material/Typography';
import type { UseQueryResult } from '@tanstack/react-query';
import type { PermissionCatalog } from '@team-access/contract';
import type { ReactNode } from 'react';
import { type Control, Controller, type FieldPath, type FieldValues } from 'react-hook-form';
import { CatalogCheckboxes } from './catalog-checkboxes.tsx';

/** A form's "Permissions" section: a heading, an optional note, and the catalog's checkboxes. */
export function PermissionsControl<T extends FieldValues, TOutput = T>({
  control,
  name,
  catalog,
  canGrant,
  note,
}: {
  control: Control<T, unknown, TOutput>;
  /** A field holding `Record<permission key, boolean>`. */
  name: FieldPath<T>;
  catalog: UseQueryResult<PermissionCatalog>;
  canGrant: (key: string) => boolean;
  note?: ReactNode;
}) {
  return (
    <div>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Permissions
      </Typography>
      {note}
      <Controller
        control={control}
        name={name}
        render={({ field }) => (
          <CatalogCheckboxes catalog={catalog} value={field.value} onChange={field.onChange} canGrant={canGrant} />
        )}
      />
    </div>
  );
}

import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import type { SxProps, Theme } from '@mui/material/styles';
import { useQuery } from '@tanstack/react-query';
import { roleQueries } from '@/domain/roles/queries.ts';
import type { UserListParams } from '../list-params.ts';
import { organizationOptionsQuery } from '../organization-options.ts';

interface MembershipFiltersProps {
  group: string | undefined;
  organizationId: string | undefined;
  onChange: (next: Pick<Partial<UserListParams>, 'group' | 'organizationId'>) => void;
  /** The permission matrix shows them too, in its denser toolbar. */
  size?: 'small' | 'medium';
  /** Added to each filter's own minimum width. */
  sx?: SxProps<Theme>;
}

const withWidth = (minWidth: number, sx: SxProps<Theme> | undefined): SxProps<Theme> => [
  { minWidth },
  ...(Array.isArray(sx) ? sx : [sx]),
];

/**
 * The Role and Organization filters of the users list and the permission matrix. Their choices load on their own: if one list
 * cannot be read, its filter offers only "Any" (with the reason) and the rest of the screen works.
 */
export function MembershipFilters({ group, organizationId, onChange, size, sx }: MembershipFiltersProps) {
  const roles = useQuery(roleQueries.list());
  const organizations = useQuery(organizationOptionsQuery());
  return (
    <>
      <FormControl size={size} sx={withWidth(150, sx)}>
        <InputLabel id="group-filter-label">Role</InputLabel>
        <Select
          labelId="group-filter-label"
          label="Role"
          value={roles.data ? (group ?? '') : ''}
          onChange={(event) => onChange({ group: event.target.value || undefined })}
        >
          <MenuItem value="">Any</MenuItem>
          {roles.isError && <MenuItem disabled>The roles could not be loaded</MenuItem>}
          {roles.data?.items.map((role) => (
            <MenuItem key={role.id} value={role.id}>
              {role.name}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <FormControl size={size} sx={withWidth(170, sx)}>
        <InputLabel id="organization-filter-label">Organization</InputLabel>
        <Select
          labelId="organization-filter-label"
          label="Organization"
          value={organizations.data ? (organizationId ?? '') : ''}
          onChange={(event) => onChange({ organizationId: event.target.value || undefined })}
        >
          <MenuItem value="">Any</MenuItem>
          {organizations.isError && <MenuItem disabled>The organizations could not be loaded</MenuItem>}
          {organizations.data?.items.map((organization) => (
            <MenuItem key={organization.id} value={organization.id}>
              {organization.name}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    </>
  );
}

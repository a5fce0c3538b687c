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
      <LoadedOptionsFilter
        name="group"
        label="Role"
        options={roles}
        unreadable="The roles could not be loaded"
        value={group}
        onChange={(value) => onChange({ group: value })}
        size={size}
        sx={withWidth(150, sx)}
      />
      <LoadedOptionsFilter
        name="organization"
        label="Organization"
        options={organizations}
        unreadable="The organizations could not be loaded"
        value={organizationId}
        onChange={(value) => onChange({ organizationId: value })}
        size={size}
        sx={withWidth(170, sx)}
      />
    </>
  );
}

interface LoadedOptionsFilterProps {
  name: string;
  label: string;
  /** The query of the choices: while it loads or if it fails, only "Any" is offered. */
  options: { data?: { items: { id: string; name: string }[] }; isError: boolean };
  unreadable: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  size: 'small' | 'medium' | undefined;
  sx: SxProps<Theme>;
}

/** One filter whose choices (ids, shown by name) load from a query; "Any" is no filter. */
function LoadedOptionsFilter({
  name,
  label,
  options,
  unreadable,
  value,
  onChange,
  size,
  sx,
}: LoadedOptionsFilterProps) {
  return (
    <FormControl size={size} sx={sx}>
      <InputLabel id={`${name}-filter-label`}>{label}</InputLabel>
      <Select
        labelId={`${name}-filter-label`}
        label={label}
        value={options.data ? (value ?? '') : ''}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <MenuItem value="">Any</MenuItem>
        {options.isError && <MenuItem disabled>{unreadable}</MenuItem>}
        {options.data?.items.map((option) => (
          <MenuItem key={option.id} value={option.id}>
            {option.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

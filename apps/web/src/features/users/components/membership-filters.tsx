import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { useQuery } from '@tanstack/react-query';
import { roleQueries } from '@/domain/roles/queries.ts';
import { organizationOptionsQuery } from '../api/organization-options.ts';
import type { UserListParams } from '../list-params.ts';

interface MembershipFiltersProps {
  group: string | undefined;
  organizationId: string | undefined;
  onChange: (next: Pick<Partial<UserListParams>, 'group' | 'organizationId'>) => void;
}

/**
 * The users list's Role and Organization filters. Their choices load on their own: if one list
 * cannot be read, its filter offers only "Any" (with the reason) and the rest of the screen works.
 */
export function MembershipFilters({ group, organizationId, onChange }: MembershipFiltersProps) {
  const roles = useQuery(roleQueries.list());
  const organizations = useQuery(organizationOptionsQuery());
  return (
    <>
      <FormControl sx={{ minWidth: 150 }}>
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
      <FormControl sx={{ minWidth: 170 }}>
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

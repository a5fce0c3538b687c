import SearchIcon from '@mui/icons-material/Search';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import type { SxProps, Theme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import type { AccessLevel, UserStatus } from '@team-access/contract';
import { useEffect, useState } from 'react';
import { MembershipFilters } from '@/domain/users/components/membership-filters.tsx';
import { hasFilters, type MatrixFilters, NO_FILTERS } from '../matrix-filters.ts';

const SEARCH_DELAY_MS = 300;
const ANY = '';
const accessLevelNames: Record<AccessLevel, string> = { OWNER: 'Owners', ADMIN: 'Admins', MEMBER: 'Members' };
const statusNames: Record<UserStatus, string> = { active: 'Active', inactive: 'Inactive', invited: 'Invited' };

interface FilterSelectProps<T extends string> {
  label: string;
  anyLabel: string;
  value: T | undefined;
  /** Each choice and its name on screen, in order. */
  names: Record<T, string>;
  onChange: (value: T | undefined) => void;
  sx: SxProps<Theme>;
}

function FilterSelect<T extends string>({ label, anyLabel, value, names, onChange, sx }: FilterSelectProps<T>) {
  return (
    <TextField
      select
      label={label}
      size="small"
      value={value ?? ANY}
      onChange={(event) => onChange((event.target.value || undefined) as T | undefined)}
      sx={sx}
    >
      <MenuItem value={ANY}>{anyLabel}</MenuItem>
      {(Object.entries(names) as [T, string][]).map(([choice, name]) => (
        <MenuItem key={choice} value={choice}>
          {name}
        </MenuItem>
      ))}
    </TextField>
  );
}

interface MatrixToolbarProps {
  filters: MatrixFilters;
  onChange: (filters: MatrixFilters) => void;
}

/** Search and filters of the matrix's rows: the same as the Users screen's, kept in the address. */
export function MatrixToolbar({ filters, onChange }: MatrixToolbarProps) {
  const [search, setSearch] = useState(filters.search);

  // The address wins when it changes from elsewhere (Clear filters, back button).
  useEffect(() => setSearch(filters.search), [filters.search]);

  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onChange({ ...filters, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  return (
    <Stack
      component="search"
      direction="row"
      useFlexGap
      spacing={1.5}
      sx={{ alignItems: 'center', flexWrap: 'wrap' }}
      aria-label="Filter members"
    >
      <TextField
        label="Search members"
        type="search"
        size="small"
        value={search}
        onChange={(event) => setSearch(event.target.value.slice(0, 100))}
        sx={{ flex: { xs: '1 1 100%', sm: '0 1 260px' } }}
        slotProps={{
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          },
        }}
      />
      <FilterSelect
        label="Access level"
        anyLabel="Any access level"
        value={filters.role}
        names={accessLevelNames}
        onChange={(role) => onChange({ ...filters, role })}
        sx={{ flex: { xs: '1 1 150px', sm: '0 0 170px' } }}
      />
      {/* In the users list's order: access level, role, organization, status. */}
      <MembershipFilters
        group={filters.group}
        organizationId={filters.organizationId}
        onChange={(next) => onChange({ ...filters, ...next })}
        size="small"
        sx={{ flex: { xs: '1 1 150px', sm: '0 0 160px' } }}
      />
      <FilterSelect
        label="Status"
        anyLabel="Any status"
        value={filters.status}
        names={statusNames}
        onChange={(status) => onChange({ ...filters, status })}
        sx={{ flex: { xs: '1 1 150px', sm: '0 0 150px' } }}
      />
      {hasFilters(filters) && <Button onClick={() => onChange(NO_FILTERS)}>Clear filters</Button>}
    </Stack>
  );
}

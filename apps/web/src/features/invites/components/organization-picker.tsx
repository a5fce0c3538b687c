import Autocomplete from '@mui/material/Autocomplete';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { invitationOrganizationQueries } from '../api/queries.ts';
import type { InviteAccess } from '../invite-access.ts';

export interface OrganizationChoice {
  id: string;
  name: string;
  slug: string;
}

interface OrganizationPickerProps {
  value: OrganizationChoice | null;
  onChange: (organization: OrganizationChoice | null) => void;
  access: InviteAccess;
  error?: string | undefined;
}

/**
 * The organization the invited people join. Tenant administrators search all of them (optional);
 * an org admin chooses one of those they administer (required).
 */
export function OrganizationPicker({ value, onChange, access, error }: OrganizationPickerProps) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const own = access.organizations;
  useEffect(() => {
    const timer = setTimeout(() => setSearch(own ? '' : typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed, own]);
  const found = useQuery({ ...invitationOrganizationQueries.search(search), enabled: own === null });
  const options: OrganizationChoice[] = own ?? found.data?.items ?? [];

  return (
    <Autocomplete
      options={options}
      value={value}
      onChange={(_event, next) => onChange(next)}
      inputValue={typed}
      onInputChange={(_event, next) => setTyped(next)}
      // Tenant administrators' options come from the server's search; an org admin's few are filtered here.
      filterOptions={own ? undefined : (all) => all}
      getOptionLabel={(organization) => organization.name}
      isOptionEqualToValue={(option, selected) => option.id === selected.id}
      loading={own === null && (found.isPending || found.isFetching)}
      loadingText="Searching…"
      noOptionsText={
        found.isError ? 'The organizations could not be searched. Type again to retry.' : 'No organization matches'
      }
      renderOption={(props, organization) => {
        const { key, ...optionProps } = props;
        return (
          <li key={key} {...optionProps}>
            <Stack>
              <span>{organization.name}</span>
              <Typography variant="body2" color="text.secondary">
                {organization.slug}
              </Typography>
            </Stack>
          </li>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Organization"
          required={access.organizationRequired}
          placeholder={access.organizationRequired ? 'Choose one' : 'None'}
          error={Boolean(error)}
          helperText={
            error ??
            (access.organizationRequired
              ? 'One of the organizations you administer'
              : 'Optional: they join it when they accept')
          }
        />
      )}
    />
  );
}

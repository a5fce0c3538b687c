import Autocomplete from '@mui/material/Autocomplete';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@team-access/contract';
import { useEffect, useState } from 'react';
import { displayName } from '@/domain/users/display-name.ts';
import { userQueries } from '@/domain/users/queries.ts';

type Person = Pick<User, 'id' | 'firstName' | 'lastName' | 'email'>;

/**
 * The Person filter of the Audit screen: pick a team member by name or email, and the list shows
 * what they did and what was done to them (`userId`). For those who may list the team.
 */
export function PersonFilter({
  userId,
  onChange,
}: {
  userId: string | undefined;
  onChange: (userId: string | undefined) => void;
}) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  // Ask the server once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const chosen = useQuery({ ...userQueries.detail(userId ?? ''), enabled: Boolean(userId) });
  const people = useQuery(userQueries.list({ search: search || undefined, limit: 10, sort: 'name' }));
  const value: Person | null = userId ? (chosen.data ?? { id: userId, firstName: '', lastName: '', email: '' }) : null;
  const label = (person: Person) => (person.email ? displayName(person) : 'One person');

  return (
    <Autocomplete<Person>
      sx={{ minWidth: 220, flex: { md: '0 1 280px' } }}
      options={people.data?.items ?? []}
      value={value}
      onChange={(_event, person) => onChange(person?.id)}
      inputValue={typed}
      onInputChange={(_event, text) => setTyped(text)}
      // The server searches; every option it returns matches.
      filterOptions={(options) => options}
      getOptionLabel={label}
      isOptionEqualToValue={(option, current) => option.id === current.id}
      loading={people.isFetching}
      loadingText="Searching…"
      noOptionsText={people.isError ? 'The team could not be searched. Type again to retry.' : 'No one matches'}
      renderOption={(props, person) => {
        const { key, ...optionProps } = props;
        return (
          <li key={key} {...optionProps}>
            <Stack>
              <span>{displayName(person)}</span>
              {displayName(person) !== person.email && (
                <Typography variant="body2" color="text.secondary">
                  {person.email}
                </Typography>
              )}
            </Stack>
          </li>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Person"
          placeholder={value ? undefined : 'Anyone'}
          helperText="What they did or was done to them"
          slotProps={{ ...params.slotProps, inputLabel: { ...params.slotProps.inputLabel, shrink: true } }}
        />
      )}
    />
  );
}

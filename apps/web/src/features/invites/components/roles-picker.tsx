import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { roleQueries } from '@/domain/roles/queries.ts';
import type { InviteAccess } from '../invite-access.ts';

const permissionCount = (role: Role) =>
  `${role.permissions.length} ${role.permissions.length === 1 ? 'permission' : 'permissions'}`;

/**
 * The roles the invited people will hold. A role that grants a permission this person does not
 * hold cannot be picked, and says why (as on the user page).
 */
export function RolesPicker({
  value,
  onChange,
  access,
  error,
}: {
  value: string[];
  onChange: (roleIds: string[]) => void;
  access: InviteAccess;
  error?: string | undefined;
}) {
  const roles = useQuery(roleQueries.list());
  if (roles.isError) {
    return (
      <Alert
        severity="warning"
        action={
          <Button color="inherit" size="small" onClick={() => roles.refetch()} loading={roles.isFetching}>
            Try again
          </Button>
        }
      >
        The roles could not be loaded, so none can be given now.
      </Alert>
    );
  }
  const all = roles.data?.items ?? [];
  const chosen = value.flatMap((id) => all.filter((role) => role.id === id));
  return (
    <Autocomplete
      multiple
      options={all}
      value={chosen}
      loading={roles.isPending}
      loadingText="Loading roles…"
      noOptionsText="No role matches"
      onChange={(_event, next) => onChange(next.map((role) => role.id))}
      getOptionLabel={(role) => role.name}
      isOptionEqualToValue={(option, selected) => option.id === selected.id}
      getOptionDisabled={(role) => access.whyNotRole(role) !== undefined}
      disableCloseOnSelect
      renderOption={(props, role) => {
        const { key, ...optionProps } = props;
        const why = access.whyNotRole(role);
        return (
          <li key={key} {...optionProps}>
            <Stack>
              <span>{role.name}</span>
              <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'normal' }}>
                {why ?? permissionCount(role)}
              </Typography>
            </Stack>
          </li>
        );
      }}
      renderValue={(selected, getItemProps) =>
        selected.map((role, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return <Chip key={key} {...itemProps} size="small" label={role.name} />;
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          label="Roles"
          placeholder={chosen.length === 0 ? 'None' : undefined}
          error={Boolean(error)}
          helperText={error ?? 'Optional: they get every permission of these roles'}
        />
      )}
    />
  );
}

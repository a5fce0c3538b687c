import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { type Organization, type OrgRole, orgRoles, type User } from '@team-access/contract';
import { useEffect, useId, useState } from 'react';
import { usePhone } from '@/components/use-phone.ts';
import { OrgRoleRadios } from '@/domain/organizations/components/org-role-radios.tsx';
import { errorMessage } from '@/lib/api-client.ts';
import { memberName, useAddOrganizationMember } from '../api/mutations.ts';
import { organizationQueries } from '../api/queries.ts';

interface AddMemberDialogProps {
  organization: Organization;
  open: boolean;
  onClose: () => void;
}

/** Adds an existing team member to the organization with an org role (tenant administrators only). */
export function AddMemberDialog({ open, ...props }: AddMemberDialogProps) {
  return open ? <AddMember {...props} /> : null;
}

function AddMember({ organization, onClose }: Omit<AddMemberDialogProps, 'open'>) {
  const titleId = useId();
  const phone = usePhone();
  const add = useAddOrganizationMember(organization);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [person, setPerson] = useState<User | null>(null);
  const [orgRole, setOrgRole] = useState<OrgRole>('ORG_MEMBER');
  const [problem, setProblem] = useState<string>();
  const [missingPerson, setMissingPerson] = useState(false);

  // Ask the server once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const users = useQuery(organizationQueries.userSearch(search));
  const members = useQuery(organizationQueries.membersInSearch(organization.id, search));
  // People are offered once it is known which of them already belong (or that it cannot be known):
  // picking a member would only earn a refusal.
  const settled = !users.isPlaceholderData && !members.isPlaceholderData && !members.isPending;
  const memberIds = new Set(settled ? members.data?.items.map((user) => user.id) : []);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!person) {
      setMissingPerson(true);
      return;
    }
    setProblem(undefined);
    add.mutate(
      { userId: person.id, orgRole },
      { onSuccess: onClose, onError: (error) => setProblem(errorMessage(error)) },
    );
  };

  return (
    <Dialog
      open
      onClose={add.isPending ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={phone}
    >
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>Add a member to {organization.name}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2.5}>
            {problem && (
              <Alert severity="error" role="alert">
                {problem}
              </Alert>
            )}
            <Typography color="text.secondary">
              Choose someone already on your team. People from outside are invited instead.
            </Typography>
            <Autocomplete
              options={settled ? (users.data?.items ?? []) : []}
              value={person}
              onChange={(_event, value) => {
                setPerson(value);
                setMissingPerson(false);
              }}
              inputValue={typed}
              onInputChange={(_event, value) => setTyped(value)}
              // The server searches; every option it returns matches.
              filterOptions={(options) => options}
              getOptionLabel={(user) => `${memberName(user)} (${user.email})`}
              isOptionEqualToValue={(option, value) => option.id === value.id}
              getOptionDisabled={(user) => memberIds.has(user.id)}
              loading={!settled || users.isFetching}
              loadingText="Searching…"
              noOptionsText={users.isError ? 'The team could not be searched. Type again to retry.' : 'No one matches'}
              renderOption={(props, user) => {
                const { key, ...optionProps } = props;
                return (
                  <li key={key} {...optionProps}>
                    <Stack>
                      <span>{memberName(user)}</span>
                      {memberName(user) !== user.email && (
                        <Typography variant="body2" color="text.secondary">
                          {user.email}
                        </Typography>
                      )}
                      {memberIds.has(user.id) && (
                        <Typography variant="body2" color="text.secondary">
                          Already a member
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
                  required
                  autoFocus
                  placeholder="Name or email"
                  error={missingPerson}
                  helperText={missingPerson ? 'Choose a person' : undefined}
                />
              )}
            />
            <OrgRoleRadios value={orgRole} onChange={setOrgRole} roles={orgRoles} label="Role in the organization" />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={add.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={add.isPending}>
            Add member
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

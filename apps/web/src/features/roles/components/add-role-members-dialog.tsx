import CheckOutlined from '@mui/icons-material/CheckOutlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import InputAdornment from '@mui/material/InputAdornment';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { useEffect, useId, useState } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { usePhone } from '@/components/use-phone.ts';
import { useAssignRole } from '@/domain/roles/mutations.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { formatTotal } from '@/lib/list-total.ts';

const RESULTS = 10;

interface AddRoleMembersDialogProps {
  role: Role;
  open: boolean;
  onClose: () => void;
}

/** Find team members by name or email and give each the role; those who hold it already say so. */
export function AddRoleMembersDialog({ role, open, onClose }: AddRoleMembersDialogProps) {
  return open ? <AddMembers role={role} onClose={onClose} /> : null;
}

function AddMembers({ role, onClose }: Omit<AddRoleMembersDialogProps, 'open'>) {
  const titleId = useId();
  const phone = usePhone();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const users = useQuery(userQueries.list({ search: query || undefined, limit: RESULTS, sort: 'email' }));
  const assign = useAssignRole();
  const [added, setAdded] = useState<string[]>([]);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth fullScreen={phone}>
      <DialogTitle id={titleId}>Add members to {role.name}</DialogTitle>
      <DialogContent dividers>
        <TextField
          label="Find a team member"
          type="search"
          fullWidth
          autoFocus
          value={search}
          placeholder="Name or email"
          onChange={(event) => setSearch(event.target.value.slice(0, 100))}
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchOutlined fontSize="small" />
                </InputAdornment>
              ),
            },
          }}
        />
        {users.isError ? (
          <LoadError error={users.error} onRetry={() => users.refetch()} retrying={users.isFetching}>
            The team members could not be loaded.
          </LoadError>
        ) : users.isPending ? (
          <div aria-busy="true">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={48} />
            ))}
          </div>
        ) : users.data.items.length === 0 ? (
          <Alert severity="info" sx={{ mt: 2 }}>
            No team member matches “{query}”.
          </Alert>
        ) : (
          <List aria-label="Team members found" aria-busy={users.isFetching}>
            {users.data.items.map((user) => {
              const name = displayName(user);
              const holds = user.groups.includes(role.id) || added.includes(user.id);
              const pending = assign.isPending && assign.variables?.userId === user.id;
              return (
                <ListItem
                  key={user.id}
                  divider
                  secondaryAction={
                    holds ? (
                      <Typography variant="body2" color="success.main" sx={{ display: 'flex', gap: 0.5 }}>
                        <CheckOutlined fontSize="small" aria-hidden /> Has the role
                      </Typography>
                    ) : (
                      <Button
                        size="small"
                        variant="outlined"
                        loading={pending}
                        aria-label={`Add ${name} to ${role.name}`}
                        onClick={() =>
                          assign.mutate(
                            { roleId: role.id, roleName: role.name, userId: user.id, name },
                            { onSuccess: () => setAdded((ids) => [...ids, user.id]) },
                          )
                        }
                      >
                        Add
                      </Button>
                    )
                  }
                >
                  <ListItemText primary={name} secondary={name === user.email ? undefined : user.email} />
                </ListItem>
              );
            })}
          </List>
        )}
        {users.data && users.data.total > users.data.items.length && (
          <Typography variant="body2" color="text.secondary">
            Showing {users.data.items.length} of {formatTotal(users.data)}: search to narrow it down.
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}

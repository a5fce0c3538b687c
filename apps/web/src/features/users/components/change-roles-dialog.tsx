import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@team-access/contract';
import { useId, useState } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { usePhone } from '@/components/use-phone.ts';
import { useChangeRoleAssignments } from '@/domain/roles/mutations.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import { roleAccessFor } from '@/domain/roles/role-rules.ts';
import { useAccess } from '@/domain/users/access.ts';
import { errorMessage } from '@/lib/api-client.ts';
import { planRoleChange, type RoleChoice } from '../role-change-plan.ts';

interface ChangeRolesDialogProps {
  users: User[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}

/** The users list's bulk action: choose roles to add and remove, confirm with the count, send all at once. */
export function ChangeRolesDialog({ users, open, onClose, onDone }: ChangeRolesDialogProps) {
  return open ? <ChangeRoles users={users} onClose={onClose} onDone={onDone} /> : null;
}

function ChangeRoles({ users, onClose, onDone }: Omit<ChangeRolesDialogProps, 'open'>) {
  const titleId = useId();
  const phone = usePhone();
  const access = useAccess();
  const roleAccess = roleAccessFor(access.me);
  const roles = useQuery(roleQueries.list());
  const change = useChangeRoleAssignments();
  const [choices, setChoices] = useState<Record<string, RoleChoice>>({});
  const [confirming, setConfirming] = useState(false);
  const plan = planRoleChange(users, roles.data?.items ?? [], choices, access);

  const send = () =>
    change.mutate(
      {
        userIds: plan.userIds,
        add: plan.add.map((r) => r.id),
        remove: plan.remove.map((r) => r.id),
        summary: plan.summary,
      },
      { onSuccess: onDone },
    );

  return (
    <Dialog
      open
      onClose={change.isPending ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={phone}
    >
      <DialogTitle id={titleId}>{confirming ? plan.question : `Change roles of ${plan.selected}`}</DialogTitle>
      <DialogContent dividers>
        {change.isError && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            Nothing was changed. {errorMessage(change.error)}
          </Alert>
        )}
        {confirming ? (
          <DialogContentText component="div">
            {plan.lines.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </DialogContentText>
        ) : roles.isError ? (
          <LoadError error={roles.error} onRetry={() => roles.refetch()} retrying={roles.isFetching}>
            The roles could not be loaded.
          </LoadError>
        ) : roles.isPending ? (
          <Skeleton variant="rounded" height={120} />
        ) : roles.data.items.length === 0 ? (
          <Typography color="text.secondary">There are no roles yet: create one on the Roles screen.</Typography>
        ) : (
          <Stack spacing={1.5}>
            <Typography variant="body2" color="text.secondary">
              For each role, add it to every selected member, remove it from them, or leave it as it is.
            </Typography>
            {roles.data.items.map((role) => {
              const why = roleAccess.whyNotAssign(role);
              const labelId = `bulk-role-${role.id}`;
              const holders = users.filter((u) => u.groups.includes(role.id)).length;
              return (
                <Stack
                  key={role.id}
                  direction={{ xs: 'column', sm: 'row' }}
                  spacing={1}
                  sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
                >
                  <div>
                    <Typography id={labelId} sx={{ fontWeight: 600 }}>
                      {role.name}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {why ?? `${holders} of ${users.length} selected hold it`}
                    </Typography>
                  </div>
                  <RadioGroup
                    row
                    aria-labelledby={labelId}
                    value={choices[role.id] ?? 'keep'}
                    onChange={(event) => setChoices({ ...choices, [role.id]: event.target.value as RoleChoice })}
                  >
                    <FormControlLabel value="keep" control={<Radio size="small" />} label="Leave" />
                    <FormControlLabel
                      value="add"
                      control={<Radio size="small" />}
                      label="Add"
                      disabled={Boolean(why)}
                    />
                    <FormControlLabel value="remove" control={<Radio size="small" />} label="Remove" />
                  </RadioGroup>
                </Stack>
              );
            })}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={confirming ? () => setConfirming(false) : onClose} disabled={change.isPending}>
          {confirming ? 'Back' : 'Cancel'}
        </Button>
        {confirming ? (
          <Button variant="contained" onClick={send} loading={change.isPending} autoFocus>
            {plan.confirmLabel}
          </Button>
        ) : (
          <Button variant="contained" disabled={!plan.ready} onClick={() => setConfirming(true)}>
            Review
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { twoStepReadRefusal, twoStepResetRefusal, type User } from '@team-access/contract';
import { useId, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { ruleActorOf, useAccess } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { useRemoveFactor, useRenewRecoveryCodes, useResetTwoStep } from '../mutations.ts';
import { twoStepQueries } from '../queries.ts';
import { AddPasskeyDialog } from './add-passkey-dialog.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';
import { SetUpAuthenticatorDialog } from './set-up-authenticator-dialog.tsx';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const typeLabels = { totp: 'Authenticator app', passkey: 'Passkey' } as const;

/**
 * Two-step sign-in on a member page: the factors (type, name, added, last used). On one's own
 * page: set up, remove, new recovery codes. For an OWNER or ADMIN on another's: Reset, within the
 * shared rule (an ADMIN cannot reset an OWNER's).
 */
export function TwoStepCard({ user }: { user: User }) {
  const { me } = useAccess();
  const actor = ruleActorOf(me);
  const self = me?.id === user.id;
  const titleId = useId();
  const may = twoStepReadRefusal(actor, user.id) === undefined;
  const status = useQuery({ ...twoStepQueries.ofUser(user.id, self), enabled: may });
  const [settingUp, setSettingUp] = useState(false);
  const [addingPasskey, setAddingPasskey] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [renewed, setRenewed] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<{ id: string; label: string } | null>(null);
  const remove = useRemoveFactor();
  const renew = useRenewRecoveryCodes();
  const reset = useResetTwoStep(user.id);
  if (!may) return null;
  const resetRefusal = self ? undefined : twoStepResetRefusal(actor, user);
  const factors = status.data?.factors ?? [];
  const name = displayName(user);

  return (
    <Card component="section" aria-labelledby={titleId}>
      <CardHeader
        title="Two-step sign-in"
        subheader={`${user.mfa ? 'On' : 'Off'}${user.twoStepRequired ? ' · required for this account' : ''}`}
        slotProps={{ title: { id: titleId, component: 'h2', variant: 'h2' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {status.isPending ? (
          <Skeleton variant="rounded" height={64} />
        ) : status.isError ? (
          <LoadError error={status.error} onRetry={() => status.refetch()}>
            Two-step sign-in could not be loaded.
          </LoadError>
        ) : (
          <Stack spacing={2}>
            {factors.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {self
                  ? 'Add a passkey or a code from an authenticator app to your password, so a stolen password alone cannot sign you in.'
                  : 'No second step is set up.'}
              </Typography>
            ) : (
              <List dense disablePadding aria-label="Factors">
                {factors.map((f) => (
                  <ListItem
                    key={f.id}
                    disableGutters
                    secondaryAction={
                      self && (
                        <Button
                          size="small"
                          color="error"
                          disabled={remove.isPending}
                          onClick={() =>
                            setRemoving({ id: f.id, label: `${typeLabels[f.type].toLowerCase()} “${f.name}”` })
                          }
                          aria-label={`Remove ${f.name}`}
                        >
                          Remove
                        </Button>
                      )
                    }
                  >
                    <ListItemText
                      primary={`${typeLabels[f.type]}: ${f.name}`}
                      secondary={`Added ${dateTimeFormat.format(new Date(f.createdAt))} · Last used ${
                        f.lastUsedAt ? dateTimeFormat.format(new Date(f.lastUsedAt)) : 'never'
                      }`}
                    />
                  </ListItem>
                ))}
              </List>
            )}
            {factors.length > 0 && (
              <Typography variant="body2" color="text.secondary">
                {`${status.data.recoveryCodesLeft} of 10 recovery codes left`}
              </Typography>
            )}
            {status.data.recoveryCodesLeft <= 3 && factors.length > 0 && self && (
              <Alert severity="warning">Few recovery codes are left: make a new set.</Alert>
            )}
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              {self && !factors.some((f) => f.type === 'totp') && (
                <Button variant={factors.length === 0 ? 'contained' : 'outlined'} onClick={() => setSettingUp(true)}>
                  Set up an authenticator app
                </Button>
              )}
              {self && (
                <Button variant="outlined" onClick={() => setAddingPasskey(true)}>
                  Add a passkey
                </Button>
              )}
              {self && factors.length > 0 && (
                <Button
                  variant="outlined"
                  loading={renew.isPending}
                  onClick={() =>
                    renew.mutate(undefined, { onSuccess: ({ recoveryCodes }) => setRenewed(recoveryCodes) })
                  }
                >
                  New recovery codes
                </Button>
              )}
              {!self && factors.length > 0 && (
                <Tooltip title={resetRefusal?.detail ?? ''}>
                  <span>
                    <Button
                      variant="outlined"
                      color="error"
                      disabled={resetRefusal !== undefined}
                      onClick={() => setConfirmingReset(true)}
                    >
                      Reset two-step sign-in
                    </Button>
                  </span>
                </Tooltip>
              )}
            </Stack>
          </Stack>
        )}
      </CardContent>
      {settingUp && <SetUpAuthenticatorDialog email={user.email} onClose={() => setSettingUp(false)} />}
      {addingPasskey && <AddPasskeyDialog email={user.email} onClose={() => setAddingPasskey(false)} />}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove the ${removing?.label ?? 'factor'}?`}
        confirmLabel="Remove"
        destructive
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id, { onSettled: () => setRemoving(null) })}
        onClose={() => setRemoving(null)}
      >
        {factors.length === 1
          ? 'It is your only factor: signing in will ask for your password alone, and your recovery codes stop working.'
          : 'It stops working at once; your other factors and recovery codes stay.'}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmingReset}
        title={`Reset ${name}'s two-step sign-in?`}
        confirmLabel="Reset and sign out"
        destructive
        pending={reset.isPending}
        onConfirm={() => reset.mutate(name, { onSettled: () => setConfirmingReset(false) })}
        onClose={() => setConfirmingReset(false)}
      >
        Their authenticator app and recovery codes stop working and every session of theirs ends. They sign in with
        their password alone until they set up two-step sign-in again.
      </ConfirmDialog>
      {renewed && (
        <Dialog open onClose={() => setRenewed(null)} aria-labelledby={`${titleId}-codes`} maxWidth="sm" fullWidth>
          <DialogTitle id={`${titleId}-codes`} component="h2">
            New recovery codes
          </DialogTitle>
          <DialogContent>
            <RecoveryCodes codes={renewed} email={user.email} />
          </DialogContent>
          <DialogActions>
            <Button variant="contained" onClick={() => setRenewed(null)}>
              Done
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </Card>
  );
}

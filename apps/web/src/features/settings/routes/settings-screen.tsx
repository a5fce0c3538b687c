import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import FormControlLabel from '@mui/material/FormControlLabel';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  apiKeysRefusal,
  type TwoStepPolicy,
  tenantSettingsRefusal,
  twoStepPolicies,
  twoStepRequiredFor,
  type UpdateTenantSettings,
} from '@team-access/contract';
import { tenantRoutes } from '@team-access/contract/routes/tenant';
import { useId, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { DescribedRadios } from '@/components/described-radios.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { ruleActorOf, useAccess } from '@/domain/users/access.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { callRoute } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { screenQuery } from '@/lib/queries.ts';
import { sessionQueries } from '@/lib/session.ts';
import { ApiKeysCard } from '../components/api-keys-card.tsx';

const TITLE = 'Account settings';

const policyLabels: Record<TwoStepPolicy, string> = {
  off: 'Nobody is required',
  admins: 'Owners and admins',
  everyone: 'Everyone',
};
const policyHelp: Record<TwoStepPolicy, string> = {
  off: 'each person may still turn it on for themselves',
  admins: 'owners and admins must have a second factor; members may',
  everyone: 'every member must have a second factor',
};

const settingsQuery = () =>
  screenQuery(['tenant-settings'] as const, (signal) => callRoute(tenantRoutes.getTenantSettings, { signal }));

/**
 * /settings: the account's settings (ADR 031). Who must use two-step sign-in: an OWNER changes it
 * after a confirmation that says who is affected; everyone else reads it. An OWNER also manages
 * the account's API keys here (ADR 048).
 */
export function SettingsScreen() {
  const { me } = useAccess();
  const queryClient = useQueryClient();
  const labelId = useId();
  const settings = useQuery(settingsQuery());
  const [choice, setChoice] = useState<TwoStepPolicy | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  // The passkey switch's wanted value while its confirmation is open.
  const [passkeyChange, setPasskeyChange] = useState<boolean | undefined>(undefined);
  const save = useMutation({
    mutationFn: (body: UpdateTenantSettings) => callRoute(tenantRoutes.updateTenantSettings, { body }),
    onSuccess: (saved, body) => {
      queryClient.setQueryData(settingsQuery().queryKey, saved);
      if (body.twoStepPolicy !== undefined) {
        setChoice(undefined);
        notify(`Two-step sign-in: ${policyLabels[saved.twoStepPolicy].toLowerCase()} now`, 'success');
      }
      if (body.passkeySignIn !== undefined) {
        notify(saved.passkeySignIn ? 'Passkey sign-in allowed' : 'Passkey sign-in turned off', 'success');
      }
    },
    // The session's user (twoStepRequired) and every user shown change with the policy.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sessionQueries.all() }),
        queryClient.invalidateQueries({ queryKey: userQueries.all() }),
      ]),
  });
  const refusal = tenantSettingsRefusal(ruleActorOf(me));
  const current = settings.data?.twoStepPolicy;
  const selected = choice ?? current ?? 'off';
  const meHeld = me !== undefined && !me.mfa && twoStepRequiredFor(selected, me.role);

  return (
    <PageLayout title={TITLE} description="Settings that apply to everyone in your account.">
      <Card component="section" aria-labelledby={`${labelId}-title`}>
        <CardHeader
          title="Two-step sign-in"
          subheader="Who must use a passkey or a code from an authenticator app (or a recovery code) after their password"
          slotProps={{ title: { id: `${labelId}-title`, component: 'h2', variant: 'h2' } }}
        />
        <CardContent sx={{ pt: 0 }}>
          {settings.isPending ? (
            <Skeleton variant="rounded" height={120} />
          ) : settings.isError ? (
            <LoadError error={settings.error} onRetry={() => settings.refetch()}>
              The settings could not be loaded.
            </LoadError>
          ) : (
            <Stack
              component="form"
              spacing={2}
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                setConfirming(true);
              }}
            >
              {refusal && <Alert severity="info">{refusal.detail}</Alert>}
              <DescribedRadios
                labelId={labelId}
                label="Required for"
                choices={twoStepPolicies}
                labels={policyLabels}
                help={policyHelp}
                value={selected}
                onChange={(_event, value) => setChoice(value as TwoStepPolicy)}
                isDisabled={() => refusal !== undefined}
              />
              {refusal === undefined && (
                <Stack direction="row" spacing={1}>
                  <Button type="submit" variant="contained" disabled={selected === current} loading={save.isPending}>
                    Save
                  </Button>
                  {selected !== current && <Button onClick={() => setChoice(undefined)}>Cancel</Button>}
                </Stack>
              )}
            </Stack>
          )}
        </CardContent>
      </Card>
      <Card component="section" aria-labelledby={`${labelId}-passkey-title`}>
        <CardHeader
          title="Passkey sign-in"
          subheader="Whether people may sign in with a passkey alone, without their email and password"
          slotProps={{ title: { id: `${labelId}-passkey-title`, component: 'h2', variant: 'h2' } }}
        />
        <CardContent sx={{ pt: 0 }}>
          {settings.isPending ? (
            <Skeleton variant="rounded" height={48} />
          ) : settings.isError ? null : (
            <Stack spacing={1}>
              <FormControlLabel
                control={
                  <Switch
                    checked={settings.data.passkeySignIn}
                    disabled={refusal !== undefined || save.isPending}
                    onChange={(_event, checked) => setPasskeyChange(checked)}
                  />
                }
                label="Allow signing in with a passkey alone"
              />
              <Typography variant="body2" color="text.secondary">
                The passkey checks its owner with a PIN, a fingerprint or a face, so it stands for both the password and
                the second step. People add passkeys on their own profile.
              </Typography>
            </Stack>
          )}
        </CardContent>
      </Card>
      {apiKeysRefusal(ruleActorOf(me)) === undefined && <ApiKeysCard />}
      <ConfirmDialog
        open={passkeyChange !== undefined}
        title={passkeyChange ? 'Allow signing in with a passkey alone?' : 'Turn passkey sign-in off?'}
        confirmLabel={passkeyChange ? 'Allow' : 'Turn off'}
        pending={save.isPending}
        onConfirm={() =>
          save.mutate({ passkeySignIn: passkeyChange === true }, { onSettled: () => setPasskeyChange(undefined) })
        }
        onClose={() => setPasskeyChange(undefined)}
      >
        {passkeyChange
          ? 'Everyone in this account who has a passkey can sign in with it alone: the sign-in page offers "Sign in with a passkey", and no email, password or code is asked.'
          : 'Everyone signs in with their email and password again. Passkeys stay, and still answer the second step.'}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming}
        title={
          selected === 'off'
            ? 'Stop requiring two-step sign-in?'
            : `Require two-step sign-in of ${policyLabels[selected].toLowerCase()}?`
        }
        confirmLabel="Save"
        pending={save.isPending}
        onConfirm={() => save.mutate({ twoStepPolicy: selected }, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      >
        {selected === 'off'
          ? 'Nobody is asked to set it up any more. Those who have it keep it until they remove it.'
          : `${policyLabels[selected]} without a second factor must set one up right after their next sign-in, or at once in a session that is open, and can do nothing else until they have.`}
        {meHeld && ' You have not set it up yourself: you will be asked to straight away.'}
      </ConfirmDialog>
    </PageLayout>
  );
}

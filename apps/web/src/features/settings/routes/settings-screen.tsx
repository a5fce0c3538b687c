import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  routes,
  type TwoStepPolicy,
  tenantSettingsRefusal,
  twoStepPolicies,
  twoStepRequiredFor,
} from '@team-access/contract';
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
  screenQuery(['tenant-settings'] as const, (signal) => callRoute(routes.getTenantSettings, { signal }));

/**
 * /settings: the account's settings (ADR 031). Who must use two-step sign-in: an OWNER changes it
 * after a confirmation that says who is affected; everyone else reads it.
 */
export function SettingsScreen() {
  const { me } = useAccess();
  const queryClient = useQueryClient();
  const labelId = useId();
  const settings = useQuery(settingsQuery());
  const [choice, setChoice] = useState<TwoStepPolicy | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (twoStepPolicy: TwoStepPolicy) => callRoute(routes.updateTenantSettings, { body: { twoStepPolicy } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsQuery().queryKey, saved);
      setChoice(undefined);
      notify(`Two-step sign-in: ${policyLabels[saved.twoStepPolicy].toLowerCase()} now`, 'success');
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
      <ConfirmDialog
        open={confirming}
        title={
          selected === 'off'
            ? 'Stop requiring two-step sign-in?'
            : `Require two-step sign-in of ${policyLabels[selected].toLowerCase()}?`
        }
        confirmLabel="Save"
        pending={save.isPending}
        onConfirm={() => save.mutate(selected, { onSettled: () => setConfirming(false) })}
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

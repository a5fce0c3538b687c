import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  InvitationResend,
  InvitationResendItem,
  InvitationResendPlan,
  InvitationResendSkipReason,
} from '@team-access/contract';
import { useCallback, useId, useState } from 'react';
import { DryRunResult } from '@/domain/jobs/dry-run-result.tsx';
import { JobProgress } from '@/domain/jobs/job-progress.tsx';
import { errorMessage } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { invitationsApi } from '../api/invitations-api.ts';
import { invitationQueries } from '../api/queries.ts';

const skipLabels: Record<InvitationResendSkipReason, string> = {
  accepted: 'Accepted already',
  revoked: 'Withdrawn',
  just_sent: 'Sent within the last minute',
  send_limit: 'Sent the most times an invitation may be',
  forbidden: 'Grants what you may not give',
  hourly_limit: 'Past your hourly sending limit',
};

const invitations = (n: number) => `${n.toLocaleString('en-GB')} invitation${n === 1 ? '' : 's'}`;

export interface InvitationSelection {
  selection: InvitationResend['selection'];
  /** "3 selected invitations", "all 1,204 invitations matching this filter". */
  description: string;
}

/**
 * Resend a selection of invitations: the IAM API's dry run first (who is mailed again, who is
 * skipped and why), then a confirm naming the count. Up to 1,000 are resent at once and a toast
 * says so; more run as a job with progress, Cancel and the outcome file.
 */
export function ResendInvitationsDialog({
  target,
  onClose,
  onDone,
}: {
  target: InvitationSelection;
  onClose: () => void;
  onDone: () => void;
}) {
  const titleId = useId();
  const fullScreen = useMediaQuery('(max-width:599.95px)');
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: invitationQueries.lists() }),
    [queryClient],
  );
  const [jobId, setJobId] = useState<string>();
  const body: InvitationResend = { selection: target.selection };
  const plan = useQuery({
    queryKey: ['invitations', 'resend-plan', body],
    queryFn: ({ signal }) => invitationsApi.planResend(body, signal),
    enabled: jobId === undefined,
    meta: { silent: true },
    staleTime: 0,
    gcTime: 0,
  });
  const apply = useMutation({
    mutationFn: () => invitationsApi.resendMany(body),
    meta: { silent: true },
    onSuccess: (answer) => {
      refresh();
      if ('resentIds' in answer) {
        notify(
          `${invitations(answer.resent)} sent again${answer.skipped ? `, ${answer.skipped.toLocaleString('en-GB')} skipped` : ''}.`,
          'success',
        );
        onDone();
      } else setJobId(answer.id);
    },
  });
  const busy = apply.isPending;
  return (
    <Dialog
      open
      onClose={busy || jobId ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId}>Resend: {target.description}</DialogTitle>
      <DialogContent dividers>
        {apply.isError && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            Nothing was sent. {errorMessage(apply.error)}
          </Alert>
        )}
        {jobId ? (
          <JobProgress key={jobId} jobId={jobId} onFinished={refresh} onUndo={setJobId} />
        ) : (
          <DryRunResult plan={plan} pendingLabel="Working out who would be mailed">
            {(data) => <ResendPlan plan={data} />}
          </DryRunResult>
        )}
      </DialogContent>
      <DialogActions>
        {jobId ? (
          <Button onClick={onDone}>Close</Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              variant="contained"
              onClick={() => apply.mutate()}
              loading={busy}
              disabled={!plan.data || plan.data.resent === 0}
            >
              {plan.data ? `Resend ${invitations(plan.data.resent)}` : 'Resend'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

function Items({ items, muted }: { items: InvitationResendItem[]; muted?: boolean }) {
  return (
    <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
      {items.map((item) => (
        <li key={item.invitationId}>
          <Typography variant="body2" color={muted ? 'text.secondary' : undefined} sx={{ overflowWrap: 'anywhere' }}>
            {item.email}: {item.detail}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

function ResendPlan({ plan }: { plan: InvitationResendPlan }) {
  return (
    <Stack spacing={2}>
      <Typography>
        The selection is {invitations(plan.total)} now: <strong>{invitations(plan.resent)}</strong> will be mailed again
        with a new link (the old links stop working)
        {plan.skipped ? `, ${plan.skipped.toLocaleString('en-GB')} will be skipped` : ''}.
      </Typography>
      {plan.sample.length > 0 && (
        <div>
          <Typography variant="subtitle2" component="h3">
            {plan.resent > plan.sample.length
              ? `For example (${plan.sample.length} of ${plan.resent})`
              : 'Mailed again'}
          </Typography>
          <Items items={plan.sample} />
        </div>
      )}
      {plan.skippedReasons.map((reason) => (
        <div key={reason.reason}>
          <Typography variant="subtitle2" component="h3">
            Skipped — {skipLabels[reason.reason]} ({reason.count.toLocaleString('en-GB')})
          </Typography>
          <Items items={reason.sample} muted />
        </div>
      ))}
    </Stack>
  );
}

import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Job } from '@team-access/contract';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { errorMessage } from '@/lib/api-client.ts';
import { downloadBlob } from '@/lib/download.ts';
import { notify } from '@/lib/notifications.ts';
import { jobsApi } from './jobs-api.ts';

/** "1,204 members" / "1 invitation": what the job's items are. */
function nounOf(job: Pick<Job, 'kind'>): (n: number) => string {
  const noun = job.kind === 'invitation_resend' ? 'invitation' : 'member';
  return (n) => `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}

/** "Done: …" / "Undone: …" / "Cancelled: …" once a job ended. */
function endedText(job: Job): string {
  const members = nounOf(job);
  const counts = `${job.skipped.toLocaleString('en-GB')} skipped, ${job.failed.toLocaleString('en-GB')} failed`;
  if (job.undoOf && job.status === 'done') return `Undone: ${members(job.changed)} as they were, ${counts}.`;
  const word = job.status === 'done' ? 'Done' : job.status === 'cancelled' ? 'Cancelled' : 'Stopped';
  return `${word}: ${members(job.changed)} ${job.kind === 'invitation_resend' ? 'resent' : 'changed'}, ${counts}.`;
}

/**
 * A job's progress, Cancel while it runs, its outcome file once it ended, and Undo for a job that
 * finished (ADR 042): the reverse plan as a new job, whose progress then replaces this one.
 */
export function JobProgress({
  jobId,
  onFinished,
  onUndo,
}: {
  jobId: string;
  onFinished: () => void;
  onUndo: (undoJobId: string) => void;
}) {
  const [confirmingUndo, setConfirmingUndo] = useState(false);
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: ({ signal }) => jobsApi.job(jobId, signal),
    refetchInterval: (query) =>
      query.state.data && !['queued', 'running'].includes(query.state.data.status) ? false : 1000,
    meta: { silent: true },
  });
  const cancel = useMutation({ mutationFn: () => jobsApi.cancel(jobId), meta: { silent: true } });
  const download = useMutation({
    mutationFn: () => jobsApi.outcome(jobId),
    meta: { silent: true },
    onSuccess: (file) => downloadBlob(file.fileName ?? 'job-outcome.csv', file.blob),
  });
  const undo = useMutation({
    mutationFn: () => jobsApi.undo(jobId),
    meta: { silent: true },
    onSuccess: (next) => {
      setConfirmingUndo(false);
      notify(`Undoing the change for ${members(next.total)}.`, 'info', { group: 'bulk-change' });
      onUndo(next.id);
    },
  });
  const data: Job | undefined = job.data;
  const members = data ? nounOf(data) : (n: number) => n.toLocaleString('en-GB');
  const percent = data?.total ? Math.round((data.processed / data.total) * 100) : 0;
  const running = !data || data.status === 'queued' || data.status === 'running';
  const failure = job.error ?? cancel.error ?? download.error ?? (confirmingUndo ? undefined : undo.error);
  // The list shows the members as the job left them.
  useEffect(() => {
    if (!running) onFinished();
  }, [running, onFinished]);
  return (
    <Stack spacing={2}>
      <Typography aria-live="polite">
        {data
          ? running
            ? `${data.cancelRequested ? 'Stopping after this chunk' : data.undoOf ? 'Undoing' : 'Working'}: ${data.processed.toLocaleString('en-GB')} of ${members(data.total)} done.`
            : endedText(data)
          : 'Starting…'}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={
          data?.undoOf
            ? 'Progress of the undo'
            : data?.kind === 'invitation_resend'
              ? 'Progress of the resend'
              : 'Progress of the bulk change'
        }
      />
      {failure && (
        <Alert severity="error" role="alert">
          {errorMessage(failure)}
        </Alert>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {running && (
          <Button
            variant="outlined"
            color="error"
            onClick={() => cancel.mutate()}
            disabled={data?.cancelRequested}
            loading={cancel.isPending}
          >
            Cancel the rest
          </Button>
        )}
        {!running && (
          <Button variant="outlined" onClick={() => download.mutate()} loading={download.isPending}>
            Download outcome
          </Button>
        )}
        {!running && data?.undoable && (
          <Button variant="outlined" onClick={() => setConfirmingUndo(true)}>
            Undo this change
          </Button>
        )}
      </Stack>
      {data && (
        <ConfirmDialog
          open={confirmingUndo}
          title={`Undo this change for ${members(data.changed)}?`}
          confirmLabel={`Undo for ${members(data.changed)}`}
          pending={undo.isPending}
          onConfirm={() => undo.mutate()}
          onClose={() => {
            setConfirmingUndo(false);
            undo.reset();
          }}
        >
          {undo.isError && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              Nothing was undone. {errorMessage(undo.error)}
            </Alert>
          )}
          Each of the {members(data.changed)} this bulk change changed gets back what they had before, in chunks like
          the change itself, each change recorded in the audit log. Anyone changed since is worked out from where they
          are now; the undo&apos;s outcome file says who was skipped and why.
        </ConfirmDialog>
      )}
    </Stack>
  );
}

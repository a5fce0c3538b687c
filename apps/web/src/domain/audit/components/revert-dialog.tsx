import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditEvent, AuditRevertPreview } from '@team-access/contract';
import { useId, useState } from 'react';
import { usePhone } from '@/components/use-phone.ts';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { auditApi } from '../audit-api.ts';
import { auditQueries } from '../queries.ts';
import { diffLines, eventSentence, fieldLabel, listOf, type SentenceLabels, sentenceText } from '../sentence.ts';
import { DiffList } from './diff-list.tsx';

/**
 * Revert from the log: a dry run first (exactly what changes back, and what changed since the
 * event, which the person must confirm after seeing it), then apply; the screens refresh.
 */
export function RevertDialog({
  event,
  labels,
  onClose,
}: {
  event: AuditEvent | undefined;
  labels: SentenceLabels;
  onClose: () => void;
}) {
  const phone = usePhone();
  return (
    <Dialog
      open={event !== undefined}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      fullScreen={phone}
      aria-labelledby="revert-title"
    >
      {event && <RevertContent key={event.id} event={event} labels={labels} onClose={onClose} />}
    </Dialog>
  );
}

function RevertContent({ event, labels, onClose }: { event: AuditEvent; labels: SentenceLabels; onClose: () => void }) {
  const queryClient = useQueryClient();
  const preview = useQuery(auditQueries.revertPreview(event.id));
  const [confirmed, setConfirmed] = useState(false);
  const confirmId = useId();
  const target = event.target.name ?? 'the target';
  const revert = useMutation({
    mutationFn: (seen: AuditRevertPreview) => auditApi.revert(event.id, seen.expected),
    meta: { silent: true },
    onSuccess: () => {
      notify(`Reverted: ${sentenceText(eventSentence(event, labels))}.`, 'success');
      // A revert can change a member, a role's members or an organization's: every screen refreshes.
      queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'revert_conflict') {
        setConfirmed(false);
        preview.refetch();
      }
    },
  });

  const conflictFields = (error: unknown) =>
    isApiError(error) && error.errors.length
      ? ` (${listOf(error.errors.map((e) => fieldLabel(e.path.split('.').at(-1) ?? e.path)))})`
      : '';

  const data = preview.data;
  const conflicts = data?.conflicts ?? [];
  const nothing = data !== undefined && data.changes.length === 0;
  const ready = data !== undefined && !nothing && (conflicts.length === 0 || confirmed) && !preview.isFetching;

  return (
    <>
      <DialogTitle id="revert-title">Revert the change to {target}?</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Typography>{sentenceText(eventSentence(event, labels))}.</Typography>
          {preview.isPending ? (
            <Skeleton variant="rounded" height={72} aria-label="Checking what would change back" />
          ) : preview.isError ? (
            <Alert severity="error">This change cannot be reverted. {errorMessage(preview.error)}</Alert>
          ) : nothing || !data ? (
            <Alert severity="info">Nothing to change back: {target} is already as it was before this change.</Alert>
          ) : (
            <>
              <div>
                <Typography variant="subtitle2" component="h3" gutterBottom>
                  What changes back on {target}
                </Typography>
                <DiffList
                  label={`What changes back on ${target}`}
                  changedTo="back to"
                  lines={diffLines(
                    {
                      changes: data.changes.map((c) => ({ field: c.field, before: c.current, after: c.restored })),
                      roleNames: event.roleNames,
                    },
                    labels,
                  )}
                />
              </div>
              {conflicts.length > 0 && (
                <Alert severity="warning">
                  <Typography variant="subtitle2" component="h3" gutterBottom>
                    {target} changed since this event
                  </Typography>
                  <Typography variant="body2" sx={{ mb: 1 }}>
                    This is how it is now. Reverting sets these fields back as listed above.
                  </Typography>
                  <DiffList
                    label="Changed since this event"
                    changedTo="is now"
                    lines={diffLines(
                      {
                        changes: conflicts.map((c) => ({ field: c.field, before: c.expected, after: c.current })),
                        roleNames: event.roleNames,
                      },
                      labels,
                    )}
                  />
                  <FormControlLabel
                    sx={{ mt: 1 }}
                    control={
                      <Checkbox id={confirmId} checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                    }
                    label="I have seen the current state: revert anyway"
                  />
                </Alert>
              )}
            </>
          )}
          {revert.isError && (
            <Alert severity="error">
              {isApiError(revert.error) && revert.error.code === 'revert_conflict'
                ? `${target} changed again while this was open${conflictFields(revert.error)}. Check what it is now and confirm again.`
                : errorMessage(revert.error)}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={revert.isPending}>
          Cancel
        </Button>
        <Button
          variant="contained"
          disabled={!ready}
          loading={revert.isPending}
          onClick={() => data && revert.mutate(data)}
        >
          Revert
        </Button>
      </DialogActions>
    </>
  );
}

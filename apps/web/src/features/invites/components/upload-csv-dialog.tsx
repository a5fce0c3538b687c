import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { BULK_INVITATION_ROWS_MAX } from '@team-access/contract';
import { useId, useRef, useState } from 'react';
import { CsvFilePicker, csvFileText } from '@/components/csv-file-picker.tsx';
import { usePhone } from '@/components/use-phone.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import { errorMessage } from '@/lib/api-client.ts';
import { downloadText } from '@/lib/download.ts';
import { invitationsApi } from '../api/invitations-api.ts';
import { invitationOrganizationQueries, invitationQueries } from '../api/queries.ts';
import { CSV_CHUNK_SIZE, type RowOutcome, sendInChunks, summarize } from '../bulk-send.ts';
import {
  CSV_BYTES_MAX,
  CSV_ROWS_MAX,
  CSV_TEMPLATE,
  type CsvInviteRow,
  type CsvRecord,
  checkInviteRows,
  organizationSlugs,
  readInviteCsv,
} from '../csv-rows.ts';
import type { InviteAccess } from '../invite-access.ts';
import { reportCsv, reportFileName } from '../report.ts';
import { CsvPreview } from './csv-preview.tsx';
import { SendResults } from './send-results.tsx';

// A chunk must fit one bulk request.
const CHUNK_SIZE = Math.min(CSV_CHUNK_SIZE, BULK_INVITATION_ROWS_MAX);

type Step =
  | { step: 'choose'; problem?: string }
  | { step: 'checking'; fileName: string }
  | { step: 'check-failed'; fileName: string; records: CsvRecord[]; ignoredColumns: string[]; problem: string }
  | { step: 'preview'; fileName: string; rows: CsvInviteRow[]; ignoredColumns: string[] }
  | { step: 'sending'; fileName: string; done: number; total: number; cancelling: boolean }
  | { step: 'done'; fileName: string; outcomes: RowOutcome[]; cancelled: boolean };

interface UploadCsvDialogProps {
  open: boolean;
  onClose: () => void;
  access: InviteAccess;
}

/**
 * "Upload CSV": read a file of people in the browser, check every row before anything is sent,
 * then send the good rows in chunks with a progress bar and Cancel, and sum up with a report of
 * the rows that were not sent.
 */
export function UploadCsvDialog({ open, ...props }: UploadCsvDialogProps) {
  return open ? <UploadCsv {...props} /> : null;
}

function UploadCsv({ onClose, access }: Omit<UploadCsvDialogProps, 'open'>) {
  const titleId = useId();
  const phone = usePhone();
  const queryClient = useQueryClient();
  const [state, setState] = useState<Step>({ step: 'choose' });
  const cancelled = useRef(false);

  /** Role names and organization slugs to ids, then every row checked. */
  const check = async (fileName: string, records: CsvRecord[], ignoredColumns: string[]) => {
    setState({ step: 'checking', fileName });
    try {
      const wantsRoles = access.canGiveRolesAndPermissions && records.some((record) => record.values.roles.trim());
      const roles = wantsRoles ? (await queryClient.fetchQuery(roleQueries.list())).items : [];
      const organizations = new Map<string, { id: string; name: string } | null>();
      for (const slug of organizationSlugs(records)) {
        const own = access.organizations;
        organizations.set(
          slug,
          own
            ? (own.find((organization) => organization.slug === slug) ?? null)
            : await queryClient.fetchQuery(invitationOrganizationQueries.bySlug(slug)),
        );
      }
      setState({
        step: 'preview',
        fileName,
        rows: checkInviteRows(records, { access, roles, organizations }),
        ignoredColumns,
      });
    } catch (error) {
      setState({
        step: 'check-failed',
        fileName,
        records,
        ignoredColumns,
        problem: `The roles and organizations the file names could not be looked up. ${errorMessage(error)}`,
      });
    }
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const read = await csvFileText(
      file,
      CSV_BYTES_MAX,
      `Upload at most ${CSV_ROWS_MAX.toLocaleString('en')} people per file.`,
    );
    if (!read.ok) {
      setState({ step: 'choose', problem: read.problem });
      return;
    }
    const reading = readInviteCsv(read.text);
    if (!reading.ok) {
      setState({ step: 'choose', problem: reading.problem });
      return;
    }
    await check(file.name, reading.records, reading.ignoredColumns);
  };

  const send = async (fileName: string, rows: CsvInviteRow[]) => {
    const ready = rows.flatMap((row) => (row.invite ? [{ row: row.row, email: row.email, invite: row.invite }] : []));
    const refused: RowOutcome[] = rows
      .filter((row) => !row.invite)
      .map((row) => ({ row: row.row, email: row.email, outcome: 'failed', reason: row.problems.join(' ') }));
    cancelled.current = false;
    setState({ step: 'sending', fileName, done: 0, total: ready.length, cancelling: false });
    const result = await sendInChunks({
      rows: ready,
      chunkSize: CHUNK_SIZE,
      send: (invites, key) => invitationsApi.bulk({ rows: invites }, key),
      onProgress: (done, total) =>
        setState((current) => (current.step === 'sending' ? { ...current, done, total } : current)),
      cancelled: () => cancelled.current,
    });
    void queryClient.invalidateQueries({ queryKey: invitationQueries.lists() });
    setState({
      step: 'done',
      fileName,
      outcomes: [...result.outcomes, ...refused].sort((a, b) => a.row - b.row),
      cancelled: result.cancelled,
    });
  };

  const busy = state.step === 'sending' || state.step === 'checking';
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth={state.step === 'preview' ? 'lg' : 'md'}
      fullWidth
      fullScreen={phone}
    >
      <DialogTitle id={titleId}>
        {state.step === 'done'
          ? 'Invitations from the file'
          : state.step === 'sending'
            ? 'Sending invitations'
            : 'Upload a CSV of people to invite'}
      </DialogTitle>
      <DialogContent dividers>
        {state.step === 'choose' && (
          <Stack spacing={2}>
            {state.problem && (
              <Alert severity="error" role="alert">
                {state.problem}
              </Alert>
            )}
            <Typography>
              A CSV file with a header row and one person a row. Columns: <strong>email</strong> (required),{' '}
              <strong>role</strong> (OWNER, ADMIN or MEMBER), <strong>roles</strong> (role names separated by |),{' '}
              <strong>organization</strong> (its slug), <strong>organizationRole</strong> (ORG_OWNER, ORG_ADMIN or
              ORG_MEMBER) and <strong>expiresInDays</strong> (1 to 30). At most {CSV_ROWS_MAX.toLocaleString('en')}{' '}
              people per file. Nothing is sent before you have checked the rows.
            </Typography>
            <CsvFilePicker label="CSV file" onFile={(file) => void readFile(file)} />
            <Box>
              <Button
                startIcon={<FileDownloadOutlined />}
                onClick={() => downloadText('invitations-template.csv', CSV_TEMPLATE)}
              >
                Download a template
              </Button>
            </Box>
          </Stack>
        )}
        {state.step === 'checking' && (
          <Stack spacing={2} aria-busy="true">
            <Typography>Checking the rows of {state.fileName}…</Typography>
            <LinearProgress aria-label="Checking the file" />
          </Stack>
        )}
        {state.step === 'check-failed' && (
          <Alert
            severity="error"
            action={
              <Button
                color="inherit"
                size="small"
                onClick={() => check(state.fileName, state.records, state.ignoredColumns)}
              >
                Try again
              </Button>
            }
          >
            {state.problem}
          </Alert>
        )}
        {state.step === 'preview' && (
          <Stack spacing={2}>
            <Typography color="text.secondary">
              {state.fileName}: nothing has been sent yet. Rows with an error are left out; fix them in the file and
              upload it again, or send the ready rows now.
            </Typography>
            {state.ignoredColumns.length > 0 && (
              <Alert severity="info">
                Columns this screen does not know are left out: {state.ignoredColumns.join(', ')}.
              </Alert>
            )}
            <CsvPreview rows={state.rows} />
          </Stack>
        )}
        {state.step === 'sending' && (
          <Stack spacing={2}>
            <Typography aria-live="polite">
              {state.cancelling
                ? `Stopping after this batch… ${state.done.toLocaleString('en')} of ${state.total.toLocaleString('en')} done.`
                : `Sent ${state.done.toLocaleString('en')} of ${state.total.toLocaleString('en')}…`}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={state.total === 0 ? 100 : (state.done / state.total) * 100}
              aria-label="Sending invitations"
              aria-valuetext={`${state.done} of ${state.total}`}
              sx={{ height: 8, borderRadius: 4 }}
            />
            <Typography variant="body2" color="text.secondary">
              Sent in batches of {CHUNK_SIZE}. Cancel stops after the batch being sent.
            </Typography>
          </Stack>
        )}
        {state.step === 'done' && (
          <Stack spacing={2}>
            {state.cancelled && (
              <Alert severity="info">You cancelled the sending: the rows after the last batch were not sent.</Alert>
            )}
            <SendResults summary={summarize(state.outcomes)} outcomes={state.outcomes} rowNumbers />
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {state.step === 'preview' && (
          <>
            <Button onClick={() => setState({ step: 'choose' })} sx={{ mr: 'auto' }}>
              Choose another file
            </Button>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              variant="contained"
              disabled={state.rows.every((row) => !row.invite)}
              onClick={() => void send(state.fileName, state.rows)}
            >
              {(() => {
                const ready = state.rows.filter((row) => row.invite).length;
                return `Send ${ready.toLocaleString('en')} ${ready === 1 ? 'invitation' : 'invitations'}`;
              })()}
            </Button>
          </>
        )}
        {state.step === 'sending' && (
          <Button
            onClick={() => {
              cancelled.current = true;
              setState((current) => (current.step === 'sending' ? { ...current, cancelling: true } : current));
            }}
            disabled={state.cancelling}
          >
            {state.cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
        {state.step === 'done' && (
          <>
            {state.outcomes.some((outcome) => outcome.outcome !== 'sent') && (
              <Button
                startIcon={<FileDownloadOutlined />}
                onClick={() => downloadText(reportFileName(state.fileName), reportCsv(state.outcomes))}
                sx={{ mr: 'auto' }}
              >
                Download report
              </Button>
            )}
            <Button variant="contained" onClick={onClose} autoFocus>
              Done
            </Button>
          </>
        )}
        {(state.step === 'choose' || state.step === 'check-failed') && <Button onClick={onClose}>Cancel</Button>}
      </DialogActions>
    </Dialog>
  );
}

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
import { USER_IMPORT_FILE_ROWS_MAX, userImportColumns } from '@team-access/contract';
import { useId, useRef, useState } from 'react';
import { CsvFilePicker, csvFileText } from '@/components/csv-file-picker.tsx';
import { usePhone } from '@/components/use-phone.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { usersApi } from '@/domain/users/users-api.ts';
import { downloadText } from '@/lib/download.ts';
import {
  IMPORT_FILE_BYTES_MAX,
  IMPORT_TEMPLATE,
  type ImportRecord,
  readImportCsv,
  readOnlySentence,
} from './import-file.ts';
import { ImportRowsTable } from './import-rows-table.tsx';
import {
  applyImport,
  countOutcomes,
  IMPORT_CHUNK_SIZE,
  type ImportCounts,
  type ImportRowOutcome,
  outcomeCsv,
  outcomeFileName,
  previewImport,
  previewLabels,
  reportLabels,
} from './import-send.ts';

type Step =
  | { step: 'choose'; problem?: string }
  | { step: 'checking'; fileName: string; done: number; total: number; cancelling: boolean }
  | { step: 'preview'; fileName: string; records: ImportRecord[]; preview: ImportRowOutcome[]; readOnly: string[] }
  | { step: 'confirm'; fileName: string; records: ImportRecord[]; preview: ImportRowOutcome[]; readOnly: string[] }
  | { step: 'applying'; fileName: string; done: number; total: number; cancelling: boolean }
  | { step: 'done'; fileName: string; outcomes: ImportRowOutcome[]; cancelled: boolean };

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "1 to create, 2 to update, 3 unchanged, 1 with an error". */
export function previewSentence(c: ImportCounts): string {
  return [
    `${c.create.toLocaleString('en')} to create`,
    `${c.update.toLocaleString('en')} to update`,
    `${c.unchanged.toLocaleString('en')} unchanged`,
    `${c.error.toLocaleString('en')} with ${c.error === 1 ? 'an error' : 'errors'}`,
    ...(c.notSent ? [`${c.notSent.toLocaleString('en')} not checked`] : []),
  ].join(', ');
}

/** "Create 1 member and update 2 members". */
export function applySentence(c: Pick<ImportCounts, 'create' | 'update'>): string {
  const parts = [
    ...(c.create ? [`create ${count(c.create, 'member')}`] : []),
    ...(c.update ? [`update ${count(c.update, 'member')}`] : []),
  ].join(' and ');
  return parts.charAt(0).toUpperCase() + parts.slice(1);
}

/** "1 member created, 2 updated. 3 unchanged, 1 error." */
export function reportSentence(c: ImportCounts): string {
  const rest = [
    c.unchanged ? `${c.unchanged.toLocaleString('en')} unchanged` : '',
    c.error ? count(c.error, 'error') : '',
    c.notSent ? `${c.notSent.toLocaleString('en')} not imported` : '',
  ].filter(Boolean);
  return `${count(c.create, 'member')} created, ${c.update.toLocaleString('en')} updated.${rest.length ? ` ${rest.join(', ')}.` : ''}`;
}

/**
 * "Import CSV" on the users screen: read a file in the browser, ask the IAM API for a dry run of
 * every row (create, update with the columns that change, unchanged, or the error naming the
 * column), confirm with the counts, apply the rows to create and update in chunks with a progress
 * bar and Cancel, and end with every row's outcome, downloadable as CSV.
 */
export function ImportUsersDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const fullScreen = usePhone();
  const [state, setState] = useState<Step>({ step: 'choose' });
  const cancelled = useRef(false);

  const progress = (done: number, total: number) =>
    setState((current) =>
      current.step === 'checking' || current.step === 'applying' ? { ...current, done, total } : current,
    );

  const check = async (fileName: string, records: ImportRecord[], readOnly: string[]) => {
    cancelled.current = false;
    setState({ step: 'checking', fileName, done: 0, total: records.length, cancelling: false });
    const { outcomes } = await previewImport({
      records,
      send: usersApi.import,
      onProgress: progress,
      cancelled: () => cancelled.current,
    });
    if (cancelled.current) {
      setState({ step: 'choose' });
      return;
    }
    setState({ step: 'preview', fileName, records, preview: outcomes, readOnly });
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const read = await csvFileText(
      file,
      IMPORT_FILE_BYTES_MAX,
      `Import at most ${USER_IMPORT_FILE_ROWS_MAX.toLocaleString('en')} members per file.`,
    );
    if (!read.ok) {
      setState({ step: 'choose', problem: read.problem });
      return;
    }
    const reading = readImportCsv(read.text);
    if (!reading.ok) {
      setState({ step: 'choose', problem: reading.problem });
      return;
    }
    await check(file.name, reading.records, reading.readOnlyColumns);
  };

  const apply = async (fileName: string, records: ImportRecord[], preview: ImportRowOutcome[]) => {
    cancelled.current = false;
    const counts = countOutcomes(preview);
    setState({ step: 'applying', fileName, done: 0, total: counts.create + counts.update, cancelling: false });
    const result = await applyImport({
      records,
      preview,
      send: usersApi.import,
      onProgress: progress,
      cancelled: () => cancelled.current,
    });
    void queryClient.invalidateQueries({ queryKey: userQueries.all() });
    const applied = new Map(result.outcomes.map((outcome) => [outcome.row, outcome]));
    const outcomes = preview.map((row) => applied.get(row.row) ?? row);
    setState({ step: 'done', fileName, outcomes, cancelled: result.cancelled });
  };

  const stop = () => {
    cancelled.current = true;
    setState((current) =>
      current.step === 'checking' || current.step === 'applying' ? { ...current, cancelling: true } : current,
    );
  };

  const busy = state.step === 'checking' || state.step === 'applying';
  const wide = state.step === 'preview' || state.step === 'done';
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth={wide ? 'lg' : 'md'}
      fullWidth
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId}>
        {state.step === 'done'
          ? 'Members imported from the file'
          : state.step === 'applying'
            ? 'Importing members'
            : state.step === 'confirm'
              ? 'Import these members?'
              : 'Import members from CSV'}
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
              A CSV file with a header row and one member a row, keyed by <strong>email</strong>: an address with no
              account is added as a new member, an existing member gets what the other cells say. The columns are the
              export's ({userImportColumns.join(', ')}), so an exported file imports back; a blank cell leaves that
              field as it is. Roles are named by name and organizations by name or slug, with the org role in brackets,
              each separated by a semicolon. At most {USER_IMPORT_FILE_ROWS_MAX.toLocaleString('en')} members per file.
              Nothing changes before you have seen what each row will do and confirmed.
            </Typography>
            <CsvFilePicker label="CSV file of members" onFile={(file) => void readFile(file)} />
            <Box>
              <Button
                startIcon={<FileDownloadOutlined />}
                onClick={() => downloadText('members-template.csv', IMPORT_TEMPLATE)}
              >
                Download a template
              </Button>
            </Box>
          </Stack>
        )}
        {(state.step === 'checking' || state.step === 'applying') && (
          <Stack spacing={2} aria-busy="true">
            <Typography aria-live="polite">
              {state.cancelling
                ? `Stopping after this batch… ${state.done.toLocaleString('en')} of ${state.total.toLocaleString('en')} done.`
                : state.step === 'checking'
                  ? `Checking ${state.fileName}: ${state.done.toLocaleString('en')} of ${count(state.total, 'row')}…`
                  : `Imported ${state.done.toLocaleString('en')} of ${count(state.total, 'member')}…`}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={state.total === 0 ? 100 : (state.done / state.total) * 100}
              aria-label={state.step === 'checking' ? 'Checking the file' : 'Importing members'}
              aria-valuetext={`${state.done} of ${state.total}`}
              sx={{ height: 8, borderRadius: 4 }}
            />
            <Typography variant="body2" color="text.secondary">
              {state.step === 'checking'
                ? 'Each row is checked by a dry run: nothing changes yet.'
                : `Sent in batches of ${IMPORT_CHUNK_SIZE}. Cancel stops after the batch being sent.`}
            </Typography>
          </Stack>
        )}
        {state.step === 'preview' && (
          <Stack spacing={2}>
            <Typography color="text.secondary">
              {state.fileName}: nothing has changed yet. Rows with an error are left out; fix them in the file and
              import it again, or import the other rows now.
            </Typography>
            <Typography component="p" variant="subtitle1" aria-live="polite">
              {previewSentence(countOutcomes(state.preview))}
            </Typography>
            {state.readOnly.length > 0 && (
              <Alert severity="info">
                Columns an export writes for reading only are left alone: {readOnlySentence(state.readOnly)}.
              </Alert>
            )}
            <ImportRowsTable
              outcomes={state.preview}
              labels={previewLabels}
              tense="future"
              label="What each row will do"
            />
          </Stack>
        )}
        {state.step === 'confirm' &&
          (() => {
            const c = countOutcomes(state.preview);
            const left = [
              c.unchanged ? `${count(c.unchanged, 'unchanged row')}` : '',
              c.error ? count(c.error, 'row with an error', 'rows with errors') : '',
              c.notSent ? count(c.notSent, 'row not checked', 'rows not checked') : '',
            ].filter(Boolean);
            return (
              <Stack spacing={2}>
                <Typography>
                  <strong>{applySentence(c)}</strong> from {state.fileName}.
                  {left.length > 0 &&
                    ` ${left.join(' and ')} ${left.length === 1 && left[0]?.startsWith('1 ') ? 'is' : 'are'} left out.`}
                </Typography>
                {c.create > 0 && (
                  <Typography color="text.secondary">
                    New members are mailed a link to confirm their address, and choose a password with "Forgot password"
                    on the sign-in page.
                  </Typography>
                )}
                <Typography color="text.secondary">
                  A member changed by someone else since the check is not overwritten: that row reports an error.
                </Typography>
              </Stack>
            );
          })()}
        {state.step === 'done' && (
          <Stack spacing={2}>
            {state.cancelled && (
              <Alert severity="info">You cancelled the import: the rows after the last batch were not imported.</Alert>
            )}
            {(() => {
              const c = countOutcomes(state.outcomes);
              return (
                <Alert severity={c.error || c.notSent ? 'warning' : 'success'} role="status">
                  {reportSentence(c)}
                </Alert>
              );
            })()}
            <ImportRowsTable outcomes={state.outcomes} labels={reportLabels} tense="past" label="What each row did" />
          </Stack>
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        {state.step === 'preview' && (
          <>
            <Button onClick={() => setState({ step: 'choose' })} sx={{ mr: 'auto' }}>
              Choose another file
            </Button>
            <Button onClick={onClose}>Cancel</Button>
            {(() => {
              const c = countOutcomes(state.preview);
              return (
                <Button
                  variant="contained"
                  disabled={c.create + c.update === 0}
                  onClick={() => setState({ ...state, step: 'confirm' })}
                >
                  {c.create + c.update === 0 ? 'Nothing to import' : `Import ${count(c.create + c.update, 'member')}…`}
                </Button>
              );
            })()}
          </>
        )}
        {state.step === 'confirm' && (
          <>
            <Button onClick={() => setState({ ...state, step: 'preview' })}>Back</Button>
            <Button
              variant="contained"
              autoFocus
              onClick={() => void apply(state.fileName, state.records, state.preview)}
            >
              {applySentence(countOutcomes(state.preview))}
            </Button>
          </>
        )}
        {busy && (
          <Button onClick={stop} disabled={state.cancelling}>
            {state.cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
        {state.step === 'done' && (
          <>
            <Button
              startIcon={<FileDownloadOutlined />}
              onClick={() => downloadText(outcomeFileName(state.fileName), outcomeCsv(state.outcomes))}
              sx={{ mr: 'auto' }}
            >
              Download the outcome
            </Button>
            <Button variant="contained" onClick={onClose} autoFocus>
              Done
            </Button>
          </>
        )}
        {state.step === 'choose' && <Button onClick={onClose}>Cancel</Button>}
      </DialogActions>
    </Dialog>
  );
}

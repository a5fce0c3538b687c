import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import SkipNextOutlined from '@mui/icons-material/SkipNextOutlined';
import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { EmailText } from '@/components/email-text.tsx';
import { StatusChip } from '@/components/status-chip.tsx';
import { outcomeLabels, type RowOutcome, type SendOutcome, type SendSummary } from '../bulk-send.ts';

const tones = { sent: 'success', skipped: 'default', failed: 'error', not_sent: 'warning' } as const;
const icons = {
  sent: <CheckCircleOutlined />,
  skipped: <SkipNextOutlined />,
  failed: <ErrorOutlineOutlined />,
  not_sent: <BlockOutlined />,
};

export function OutcomeChip({ outcome }: { outcome: SendOutcome }) {
  return <StatusChip label={outcomeLabels[outcome]} tone={tones[outcome]} icon={icons[outcome]} />;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "47 invitations sent. 1 skipped, 3 failed." */
export function summarySentence(summary: SendSummary): string {
  const rest = [
    summary.skipped ? `${summary.skipped.toLocaleString('en')} skipped` : '',
    summary.failed ? `${summary.failed.toLocaleString('en')} failed` : '',
    summary.notSent ? `${summary.notSent.toLocaleString('en')} not sent` : '',
  ].filter(Boolean);
  return `${count(summary.sent, 'invitation', 'invitations')} sent.${rest.length ? ` ${rest.join(', ')}.` : ''}`;
}

/**
 * What became of a batch: a sentence with the counts, then every row that was not sent, with why.
 * `rowNumbers`: show each row's number in the file (a CSV) rather than only its address.
 */
export function SendResults({
  summary,
  outcomes,
  rowNumbers = false,
}: {
  summary: SendSummary;
  outcomes: readonly RowOutcome[];
  rowNumbers?: boolean;
}) {
  const notSent = outcomes.filter((outcome) => outcome.outcome !== 'sent');
  const allSent = notSent.length === 0;
  return (
    <>
      <Alert severity={allSent ? 'success' : summary.sent > 0 ? 'warning' : 'error'} role="status">
        {summarySentence(summary)}
      </Alert>
      {notSent.length > 0 && (
        <>
          <Typography variant="subtitle1" component="h3" sx={{ mt: 2, mb: 1 }}>
            Not sent
          </Typography>
          <TableContainer sx={{ maxHeight: 360 }}>
            <Table size="small" stickyHeader aria-label="Not sent">
              <TableHead>
                <TableRow>
                  {rowNumbers && <TableCell>Row</TableCell>}
                  <TableCell>Email</TableCell>
                  <TableCell>Outcome</TableCell>
                  <TableCell>Reason</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {notSent.map((outcome) => (
                  <TableRow key={`${outcome.row}-${outcome.email}`}>
                    {rowNumbers && <TableCell>{outcome.row}</TableCell>}
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>
                      {outcome.email ? <EmailText email={outcome.email} /> : '—'}
                    </TableCell>
                    <TableCell>
                      <OutcomeChip outcome={outcome.outcome} />
                    </TableCell>
                    <TableCell>{outcome.reason}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
    </>
  );
}

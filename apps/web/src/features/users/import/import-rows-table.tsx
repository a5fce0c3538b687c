import AddCircleOutlineOutlined from '@mui/icons-material/AddCircleOutlineOutlined';
import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import { alpha, type Theme, useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { UserImportColumn } from '@team-access/contract';
import { useState } from 'react';
import { RowsPagination } from '@/components/rows-pagination.tsx';
import { StatusChip, type StatusTone } from '@/components/status-chip.tsx';
import type { ImportOutcome, ImportRowOutcome } from './import-send.ts';

const PAGE_SIZE = 25;

export const importColumnLabels: Record<UserImportColumn, string> = {
  email: 'email',
  firstName: 'first name',
  lastName: 'last name',
  phone: 'phone',
  role: 'access level',
  status: 'status',
  roles: 'roles',
  organizations: 'organizations',
};

const tones: Record<ImportOutcome, StatusTone> = {
  create: 'success',
  update: 'info',
  unchanged: 'default',
  error: 'error',
  not_sent: 'warning',
};
const icons: Record<ImportOutcome, React.ReactElement> = {
  create: <AddCircleOutlineOutlined />,
  update: <EditOutlined />,
  unchanged: <CheckCircleOutlined />,
  error: <ErrorOutlineOutlined />,
  not_sent: <BlockOutlined />,
};

/** What a row does, in words: "Changes roles, first name", the error, or nothing. */
function details(outcome: ImportRowOutcome, tense: 'future' | 'past'): string {
  if (outcome.outcome === 'update') {
    const fields = outcome.fields.map((field) => importColumnLabels[field]).join(', ');
    return `${tense === 'future' ? 'Changes' : 'Changed'} ${fields}`;
  }
  if (outcome.outcome === 'create') return tense === 'future' ? 'A new member' : 'Added to the team';
  if (outcome.outcome === 'unchanged') return 'Already as the file says';
  return outcome.reason;
}

/**
 * The rows of an import with what each does (the dry run) or did (the import), an error naming
 * its column; paged, with a switch for the rows that need a look.
 */
export function ImportRowsTable({
  outcomes,
  labels,
  tense,
  label,
}: {
  outcomes: readonly ImportRowOutcome[];
  labels: Record<ImportOutcome, string>;
  tense: 'future' | 'past';
  label: string;
}) {
  // A phone has room for two columns: the row, its member and what happens; then the result.
  const compact = useMediaQuery(useTheme().breakpoints.down('sm'));
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [page, setPage] = useState(0);
  const problems = outcomes.filter((o) => o.outcome === 'error' || o.outcome === 'not_sent');
  const shown = onlyProblems ? problems : outcomes;
  const pageRows = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  return (
    <Stack spacing={1}>
      <FormControlLabel
        sx={{ alignSelf: 'flex-start' }}
        control={
          <Switch
            checked={onlyProblems}
            disabled={problems.length === 0}
            onChange={(event) => {
              setOnlyProblems(event.target.checked);
              setPage(0);
            }}
          />
        }
        label="Only rows with errors"
      />
      <TableContainer sx={{ maxHeight: 420, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label={label}>
          <TableHead>
            {compact ? (
              <TableRow>
                <TableCell>Row and member</TableCell>
                <TableCell>Result</TableCell>
              </TableRow>
            ) : (
              <TableRow>
                <TableCell>Row</TableCell>
                <TableCell>Email</TableCell>
                <TableCell>Result</TableCell>
                <TableCell>Details</TableCell>
              </TableRow>
            )}
          </TableHead>
          <TableBody>
            {pageRows.map((outcome) => {
              const bad = outcome.outcome === 'error';
              const tint = bad ? { bgcolor: (theme: Theme) => alpha(theme.palette.error.main, 0.08) } : undefined;
              const chip = (
                <StatusChip
                  label={labels[outcome.outcome]}
                  tone={tones[outcome.outcome]}
                  icon={icons[outcome.outcome]}
                />
              );
              const said = (
                <Box component="span" sx={bad ? { fontWeight: 600 } : { color: 'text.secondary' }}>
                  {details(outcome, tense)}
                </Box>
              );
              if (compact) {
                return (
                  <TableRow key={outcome.row} sx={tint}>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>
                      <Typography variant="body2" color="text.secondary">
                        Row {outcome.row}
                      </Typography>
                      <Box>{outcome.email || '—'}</Box>
                      {said}
                    </TableCell>
                    <TableCell sx={{ verticalAlign: 'top', pl: 0 }}>{chip}</TableCell>
                  </TableRow>
                );
              }
              return (
                <TableRow key={outcome.row} sx={tint}>
                  <TableCell>{outcome.row}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{outcome.email || '—'}</TableCell>
                  <TableCell>{chip}</TableCell>
                  <TableCell sx={{ minWidth: 180 }}>{said}</TableCell>
                </TableRow>
              );
            })}
            {pageRows.length === 0 && (
              <TableRow>
                <TableCell colSpan={compact ? 2 : 4}>
                  <Typography color="text.secondary">No rows.</Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <RowsPagination count={shown.length} page={page} pageSize={PAGE_SIZE} onPageChange={setPage} />
    </Stack>
  );
}

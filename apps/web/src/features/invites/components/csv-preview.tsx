import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import { alpha, type SxProps, type Theme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  type AccessLevel,
  accessLevels,
  INVITATION_TTL_DAYS_DEFAULT,
  type OrgRole,
  orgRoles,
} from '@team-access/contract';
import { useState } from 'react';
import { EmailText } from '@/components/email-text.tsx';
import { RowsPagination } from '@/components/rows-pagination.tsx';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { accessLevelLabels } from '@/domain/users/components/user-chips.tsx';
import type { CsvInviteRow } from '../csv-rows.ts';

const PAGE_SIZE = 25;

/** Error text that keeps 4.5:1 on the row's tint: the palette's darker red in light, lighter in dark. */
const errorText: SxProps<Theme> = (theme) => ({
  display: 'inline-flex',
  gap: 0.5,
  fontWeight: 600,
  color: theme.vars?.palette.error.dark ?? theme.palette.error.dark,
  ...theme.applyStyles('dark', { color: theme.vars?.palette.error.light ?? theme.palette.error.light }),
});

const levelLabel = (value: string) =>
  (accessLevels as readonly string[]).includes(value) ? accessLevelLabels[value as AccessLevel] : value;
const orgRoleLabel = (value: string) =>
  (orgRoles as readonly string[]).includes(value) ? orgRoleLabels[value as OrgRole] : value;

/** "47 ready, 3 with errors". */
export function readySentence(rows: readonly CsvInviteRow[]): string {
  const bad = rows.filter((row) => row.problems.length > 0).length;
  const ready = rows.length - bad;
  return `${ready.toLocaleString('en')} ready, ${bad.toLocaleString('en')} with ${bad === 1 ? 'an error' : 'errors'}`;
}

/** The rows of an uploaded CSV before anything is sent: bad rows are marked and say why. */
export function CsvPreview({ rows }: { rows: readonly CsvInviteRow[] }) {
  const [onlyBad, setOnlyBad] = useState(false);
  const [page, setPage] = useState(0);
  const bad = rows.filter((row) => row.problems.length > 0).length;
  const shown = onlyBad ? rows.filter((row) => row.problems.length > 0) : rows;
  const pageRows = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);

  return (
    <Stack spacing={1}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 1 }}>
        <Typography component="p" variant="subtitle1" aria-live="polite">
          {readySentence(rows)
            .split(', ')
            .map((part, i) => (
              <Box
                component="span"
                key={part}
                sx={{
                  color: i === 1 && bad > 0 ? 'error.main' : undefined,
                  fontWeight: i === 1 && bad > 0 ? 600 : undefined,
                }}
              >
                {i === 1 ? `, ${part}` : part}
              </Box>
            ))}
        </Typography>
        <FormControlLabel
          control={
            <Switch
              checked={onlyBad}
              disabled={bad === 0}
              onChange={(event) => {
                setOnlyBad(event.target.checked);
                setPage(0);
              }}
            />
          }
          label="Only rows with errors"
        />
      </Stack>
      <TableContainer sx={{ maxHeight: 420, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label="Rows of the file">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              <TableCell>Email</TableCell>
              <TableCell>Access level</TableCell>
              <TableCell>Roles</TableCell>
              <TableCell>Organization</TableCell>
              <TableCell>Valid for</TableCell>
              <TableCell>Check</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pageRows.map((row) => {
              const problems = row.problems.length > 0;
              return (
                <TableRow
                  key={row.row}
                  sx={problems ? { bgcolor: (theme) => alpha(theme.palette.error.main, 0.08) } : undefined}
                >
                  <TableCell>{row.row}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    {row.email ? <EmailText email={row.email} /> : '—'}
                  </TableCell>
                  <TableCell>{levelLabel(row.shown.role)}</TableCell>
                  <TableCell>{row.shown.roles || '—'}</TableCell>
                  <TableCell>
                    {row.shown.organization || '—'}
                    {row.shown.organization && (
                      <Typography variant="body2" color="text.secondary">
                        {orgRoleLabel(row.shown.organizationRole || 'ORG_MEMBER')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {row.shown.expiresInDays || INVITATION_TTL_DAYS_DEFAULT} days
                  </TableCell>
                  <TableCell sx={{ minWidth: 220 }}>
                    {problems ? (
                      <Box sx={errorText}>
                        <ErrorOutlineOutlined fontSize="small" aria-hidden sx={{ mt: '2px' }} />
                        <Box>
                          <Box component="span" sx={{ fontWeight: 600 }}>
                            Error:{' '}
                          </Box>
                          {row.problems.join(' ')}
                        </Box>
                      </Box>
                    ) : (
                      <Typography variant="body2" color="text.secondary">
                        Ready
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <RowsPagination count={shown.length} page={page} pageSize={PAGE_SIZE} onPageChange={setPage} />
    </Stack>
  );
}

import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import { useQuery } from '@tanstack/react-query';
import { type UserExportColumn, userExportColumns } from '@team-access/contract';
import { type FormEvent, useState } from 'react';
import { FormDialog } from '@/components/form-dialog.tsx';
import { toListQuery, type UserListParams } from '@/domain/users/list-params.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { usersApi } from '@/domain/users/users-api.ts';
import { errorMessage } from '@/lib/api-client.ts';
import { downloadBlob } from '@/lib/download.ts';
import { countOf } from '@/lib/list-total.ts';
import { notify } from '@/lib/notifications.ts';

const columnLabels: Record<UserExportColumn, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone',
  role: 'Access level',
  status: 'Status',
  roles: 'Roles',
  organizations: 'Organizations, with the org role in each',
  permissions: 'Permissions: one column each, saying where the grant comes from',
  twoStep: 'Two-step sign-in',
  lastLoginAt: 'Last sign-in',
  createdAt: 'Added',
};

/** The columns picked last time in this browser (all of them the first time). */
const STORAGE_KEY = 'team-access.users-export-columns';
function rememberedColumns(): UserExportColumn[] {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (Array.isArray(saved)) {
      const known = userExportColumns.filter((c) => saved.includes(c));
      if (known.length > 0) return known;
    }
  } catch {
    // A damaged value: start from all columns.
  }
  return [...userExportColumns];
}

interface ExportUsersDialogProps {
  /** The list's view: its search, filters and order decide who is in the file. */
  view: UserListParams;
  /** The columns to start from (the matrix: names and permissions); else the ones picked last time. */
  initialColumns?: readonly UserExportColumn[];
  title?: string;
  onClose: () => void;
}

/**
 * Export: every member the list's search and filters match (all pages, not the one shown), with
 * the columns the admin picks, downloaded as a CSV file the IAM API streams.
 */
export function ExportUsersDialog({
  view,
  initialColumns,
  title = 'Export members to CSV',
  onClose,
}: ExportUsersDialogProps) {
  // The list's own query: its total is already in the cache.
  const page = useQuery(userQueries.list(toListQuery(view))).data;
  const [columns, setColumns] = useState<UserExportColumn[]>(() =>
    initialColumns ? [...initialColumns] : rememberedColumns(),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const who = page ? countOf(page, 'member', 'members') : 'the members';
  const match = page?.total === 1 && !page.totalIsCapped ? 'matches' : 'match';

  const toggle = (column: UserExportColumn, on: boolean) =>
    setColumns(userExportColumns.filter((c) => (c === column ? on : columns.includes(c))));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (columns.length === 0) return;
    setPending(true);
    setError(undefined);
    try {
      const { limit: _limit, cursor: _cursor, ...query } = toListQuery(view);
      const file = await usersApi.export({ ...query, columns: columns.join(',') });
      if (!initialColumns) localStorage.setItem(STORAGE_KEY, JSON.stringify(columns));
      downloadBlob(file.fileName ?? 'members.csv', file.blob);
      notify(`The CSV of ${who} is downloaded.`, 'success');
      onClose();
    } catch (failure) {
      setError(`The export failed. ${errorMessage(failure)}`);
    } finally {
      setPending(false);
    }
  };

  return (
    <FormDialog
      title={title}
      description={`The file holds ${who} that ${match} the current search and filters, from every page, in the list's order. Spreadsheets open it as it is.`}
      onClose={onClose}
      onSubmit={submit}
      submitting={pending}
      submitLabel={`Export ${who}`}
      submitDisabled={columns.length === 0}
      error={error}
    >
      <FormControl component="fieldset" error={columns.length === 0}>
        <FormLabel component="legend">Columns</FormLabel>
        <FormGroup>
          {userExportColumns.map((column) => (
            <FormControlLabel
              key={column}
              control={
                <Checkbox checked={columns.includes(column)} onChange={(e) => toggle(column, e.target.checked)} />
              }
              label={columnLabels[column]}
            />
          ))}
        </FormGroup>
        {columns.length === 0 && <FormHelperText>Pick at least one column.</FormHelperText>}
      </FormControl>
    </FormDialog>
  );
}

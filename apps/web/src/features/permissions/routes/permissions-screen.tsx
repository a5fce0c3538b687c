import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import HelpOutline from '@mui/icons-material/HelpOutlined';
import LockIcon from '@mui/icons-material/Lock';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { BULK_CHANGES_MAX, type BulkActionType, type BulkResult, type User } from '@team-access/contract';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { EmptyState } from '@/components/empty-state.tsx';
import { catalogColumns, type MatrixColumn } from '@/components/grid/matrix-layout.ts';
import { MatrixLegend } from '@/components/grid/matrix-legend.tsx';
import { MatrixSkeleton } from '@/components/grid/matrix-skeleton.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { type Access, accessFor, useAccess } from '@/domain/users/access.ts';
import { BulkActionDialog } from '@/domain/users/components/bulk-action-dialog.tsx';
import { ExportUsersDialog } from '@/domain/users/components/export-users-dialog.tsx';
import { SelectedMembersBar } from '@/domain/users/components/selected-members-bar.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import { readListParams } from '@/domain/users/list-params.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { useMemberSelection } from '@/domain/users/use-member-selection.ts';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { countOf } from '@/lib/list-total.ts';
import { notify } from '@/lib/notifications.ts';
import { useBulkChange, useToggleCell } from '../api/mutations.ts';
import { matrixQueries } from '../api/queries.ts';
import { type BulkPlan, type BulkScope, describePlan, planColumn, planRow } from '../bulk-plan.ts';
import { MatrixToolbar } from '../components/matrix-toolbar.tsx';
import { type MatrixSelection, PermissionMatrix } from '../components/permission-matrix.tsx';
import {
  hasFilters,
  type MatrixFilters,
  matrixBulkFilter,
  NO_FILTERS,
  readMatrixFilters,
  writeMatrixFilters,
} from '../matrix-filters.ts';

const TITLE = 'Permissions';
/** The matrix's export: members × permissions, each cell saying where the grant comes from. */
const MATRIX_EXPORT_COLUMNS = ['email', 'firstName', 'lastName', 'permissions'] as const;
const DESCRIPTION =
  'Who may use which feature. A change takes effect at once. Select members to grant or revoke a permission for just them.';

type BulkDialog =
  | { kind: 'loading'; title: string }
  | {
      kind: 'confirm';
      title: string;
      lines: string[];
      confirmLabel: string;
      plan: BulkPlan;
      summary: string;
    };

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What the toast says once a bulk change is done, and the confirm button's words. */
function bulkWords(plan: BulkPlan, scope: BulkScope) {
  const n = plan.changeCount;
  if (scope.kind === 'column') {
    const members = count(n, 'member', 'members');
    return plan.grant
      ? { summary: `Granted ${scope.label} to ${members}`, confirmLabel: `Grant to ${members}` }
      : { summary: `Revoked ${scope.label} from ${members}`, confirmLabel: `Revoke from ${members}` };
  }
  const permissions = count(n, 'permission', 'permissions');
  return plan.grant
    ? { summary: `Granted ${permissions} to ${scope.name}`, confirmLabel: `Grant ${permissions}` }
    : { summary: `Revoked ${permissions} from ${scope.name}`, confirmLabel: `Revoke ${permissions}` };
}

/** Opens the confirm for a dry run, or says why there is nothing to confirm. */
function openConfirm(plan: BulkPlan, scope: BulkScope, setDialog: (dialog: BulkDialog | undefined) => void) {
  const { title, lines } = describePlan(plan, scope);
  if (plan.changeCount === 0) {
    setDialog(undefined);
    notify([`${title}.`, ...lines].join(' '), 'info');
    return;
  }
  if (plan.changes.length > BULK_CHANGES_MAX) {
    setDialog(undefined);
    notify(`At most ${BULK_CHANGES_MAX.toLocaleString()} members change at once: narrow the filters first.`, 'warning');
    return;
  }
  setDialog({ kind: 'confirm', title, lines, plan, ...bulkWords(plan, scope) });
}

/** A column for the selected members: the server's dry run, then the change (ADR 036 and 041). */
interface ColumnForSelection {
  column: MatrixColumn;
  type: BulkActionType;
}

/** The toast once a column changed for the selection: "Granted Journeys to 2 members, 1 skipped". */
function columnDone(label: string) {
  return (type: BulkActionType, result: BulkResult) => {
    const members = count(result.changed, 'member', 'members');
    const skipped = result.skipped ? `, ${result.skipped.toLocaleString()} skipped` : '';
    return type === 'grantPermissions'
      ? `Granted ${label} to ${members}${skipped}`
      : `Revoked ${label} from ${members}${skipped}`;
  };
}

/** A MEMBER sees what this screen is and who can use it, not an error. */
function OwnersAndAdminsOnly() {
  return (
    <EmptyState
      icon={<LockIcon />}
      title="Only owners and admins can see the permission matrix"
      description="Owners and administrators grant and revoke team members' permissions here. Ask one of them if you need access to a feature."
    />
  );
}

function Matrix({ access }: { access: Access }) {
  const [params, setParams] = useSearchParams();
  const paramsText = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters change only when the address does
  const filters = useMemo(() => readMatrixFilters(params), [paramsText]);
  const setFilters = useCallback(
    (next: MatrixFilters) => setParams(writeMatrixFilters(next), { replace: true }),
    [setParams],
  );

  const catalog = useQuery(catalogQueries.catalog());
  const members = useInfiniteQuery({ ...matrixQueries.members(filters), placeholderData: keepPreviousData });
  const { columns, categories } = useMemo(
    () => (catalog.data ? catalogColumns(catalog.data) : { columns: [], categories: [] }),
    [catalog.data],
  );
  const users = useMemo(() => members.data?.pages.flatMap((page) => page.items) ?? [], [members.data]);
  const lastPage = members.data?.pages.at(-1);
  const total = lastPage?.total ?? 0;
  const totalShown = lastPage ? countOf(lastPage, 'member', 'members') : '0 members';

  const toggle = useToggleCell();
  const bulk = useBulkChange();
  const [dialog, setDialog] = useState<BulkDialog>();
  const [exporting, setExporting] = useState(false);
  const [forSelection, setForSelection] = useState<ColumnForSelection>();
  // "Why?" mode: a click, a tap or Space on a cell explains it instead of switching it (ADR 047).
  const [explaining, setExplaining] = useState(false);
  // The selection belongs to the filters, like the users list's (issue 18): a new filter starts a new one.
  const selection = useMemberSelection<User>(matrixBulkFilter(filters), total);
  const { select, isSelected, all: allSelected } = selection;
  const hasSelection = selection.count > 0;
  const matrixSelection = useMemo<MatrixSelection>(
    () => ({ isSelected, all: allSelected, onSelect: select }),
    [isSelected, allSelected, select],
  );
  const { fetchNextPage } = members;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const onToggle = useCallback(
    (user: User, column: MatrixColumn, grant: boolean) =>
      toggle.mutate({ userId: user.id, key: column.key, grant, label: column.label, name: displayName(user) }),
    [toggle.mutate],
  );

  const onBulkRow = useCallback(
    (user: User) => {
      const keys = columns.map((c) => c.key);
      openConfirm(planRow(user, keys, access), { kind: 'row', name: displayName(user), total: keys.length }, setDialog);
    },
    [columns, access],
  );

  const onBulkColumn = useCallback(
    async (column: MatrixColumn) => {
      if (hasSelection) {
        // Revoke first when every selected member shown holds it directly already.
        const chosen = allSelected ? [] : users.filter((user) => isSelected(user.id));
        const holdAll = chosen.length > 0 && chosen.every((user) => user.permissions[column.key] === true);
        setForSelection({ column, type: holdAll ? 'revokePermissions' : 'grantPermissions' });
        return;
      }
      let everyone = users;
      // A column means every member matching the filters: load the rest before counting.
      if (members.hasNextPage) {
        setDialog({ kind: 'loading', title: `Loading all ${totalShown}…` });
        let result = await fetchNextPage();
        while (result.hasNextPage && !result.isError) result = await fetchNextPage();
        if (result.isError) {
          setDialog(undefined);
          notify(`Could not load every member: ${errorMessage(result.error)}`, 'error');
          return;
        }
        everyone = result.data?.pages.flatMap((page) => page.items) ?? [];
      }
      openConfirm(planColumn(everyone, column.key, access), { kind: 'column', label: column.label }, setDialog);
    },
    [users, members.hasNextPage, totalShown, fetchNextPage, access, hasSelection, allSelected, isSelected],
  );

  const retry = () => {
    if (catalog.isError) void catalog.refetch();
    if (members.isError) void members.refetch();
  };

  const forbidden = isApiError(members.error) && members.error.status === 403;
  let content: ReactNode;
  if (forbidden) content = <OwnersAndAdminsOnly />;
  else if ((catalog.isError && !catalog.data) || (members.isError && !members.data)) {
    content = (
      <LoadError
        error={catalog.error ?? members.error}
        onRetry={retry}
        retrying={catalog.isFetching || members.isFetching}
      >
        The permission matrix could not be loaded.
      </LoadError>
    );
  } else if (!catalog.data || !members.data) content = <MatrixSkeleton />;
  else if (users.length === 0) {
    content = hasFilters(filters) ? (
      <EmptyState
        icon={<PersonSearchIcon />}
        title="No members match"
        description="No team member matches this search and these filters."
      >
        <Button variant="outlined" onClick={() => setFilters(NO_FILTERS)}>
          Clear filters
        </Button>
      </EmptyState>
    ) : (
      <EmptyState
        icon={<PersonSearchIcon />}
        title="No team members yet"
        description="Add members on the Users screen; their permissions show here."
      />
    );
  } else {
    content = (
      <PermissionMatrix
        label="Permissions of team members"
        users={users}
        total={lastPage?.totalIsCapped ? undefined : total}
        columns={columns}
        categories={categories}
        access={access}
        hasNextPage={members.hasNextPage}
        isFetchingNextPage={members.isFetchingNextPage}
        fetchNextPage={loadMore}
        onToggle={onToggle}
        onBulkRow={onBulkRow}
        onBulkColumn={onBulkColumn}
        selection={matrixSelection}
        explaining={explaining}
        columnHint={
          hasSelection
            ? `Select to grant or revoke it for the ${selection.count.toLocaleString()} selected.`
            : undefined
        }
      />
    );
  }

  return (
    <PageLayout
      fill
      title={TITLE}
      description={DESCRIPTION}
      actions={
        <Button startIcon={<FileDownloadOutlined />} onClick={() => setExporting(true)}>
          Export CSV
        </Button>
      }
    >
      <Stack spacing={1.5} sx={{ flex: '1 1 auto', minHeight: 0 }}>
        <MatrixToolbar filters={filters} onChange={setFilters} />
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          sx={{ justifyContent: 'space-between', alignItems: { md: 'center' } }}
        >
          <MatrixLegend />
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
            <Button
              size="small"
              variant={explaining ? 'contained' : 'outlined'}
              startIcon={<HelpOutline />}
              aria-pressed={explaining}
              onClick={() => setExplaining((on) => !on)}
            >
              {explaining ? 'Why? is on: select a cell' : 'Why?'}
            </Button>
            <Typography variant="body2" color="text.secondary" role="status">
              {members.data && !forbidden ? `Showing ${users.length.toLocaleString()} of ${totalShown}` : ''}
            </Typography>
          </Stack>
        </Stack>
        {hasSelection && !forbidden && (
          <SelectedMembersBar selection={selection} everyShownSelected={users.every((user) => isSelected(user.id))}>
            <Typography variant="body2" color="text.secondary" sx={{ flexBasis: { xs: '100%', md: 'auto' } }}>
              Select a permission’s header to grant or revoke it for them.
            </Typography>
          </SelectedMembersBar>
        )}
        {content}
      </Stack>
      {forSelection && (
        <BulkActionDialog
          // A new column is a new dialog: its choice and dry run start afresh.
          key={forSelection.column.key}
          type={forSelection.type}
          choices={['grantPermissions', 'revokePermissions']}
          keys={[forSelection.column.key]}
          target={selection.target}
          title={`${forSelection.column.label}: ${selection.target.description}`}
          doneMessage={columnDone(forSelection.column.label)}
          onClose={() => setForSelection(undefined)}
          // The selection stays: the next column can go to the same members.
          onApplied={() => setForSelection(undefined)}
        />
      )}
      <ConfirmDialog
        open={dialog !== undefined}
        title={dialog?.title ?? ''}
        confirmLabel={dialog?.kind === 'confirm' ? dialog.confirmLabel : 'Loading…'}
        destructive={dialog?.kind === 'confirm' && !dialog.plan.grant}
        pending={dialog?.kind === 'loading' || bulk.isPending}
        onClose={() => setDialog(undefined)}
        onConfirm={() => {
          if (dialog?.kind !== 'confirm') return;
          bulk.mutate(
            { changes: dialog.plan.changes, summary: dialog.summary },
            { onSettled: () => setDialog(undefined) },
          );
        }}
      >
        {dialog?.kind === 'confirm' ? (
          dialog.lines.map((line) => <p key={line}>{line}</p>)
        ) : (
          <p>Counting what would change…</p>
        )}
      </ConfirmDialog>
      {exporting && (
        <ExportUsersDialog
          title="Export the matrix to CSV"
          view={readListParams(writeMatrixFilters(filters))}
          initialColumns={MATRIX_EXPORT_COLUMNS}
          onClose={() => setExporting(false)}
        />
      )}
    </PageLayout>
  );
}

/** The permission matrix: members × the permission catalog, each cell a grant that switches at once. */
export function PermissionsScreen() {
  const { me } = useAccess();
  // One Access per signed-in user, so the matrix's rows re-render only when their member changes.
  const access = useMemo(() => accessFor(me), [me]);
  if (!access.canManage) {
    return (
      <PageLayout title={TITLE} description={DESCRIPTION}>
        <OwnersAndAdminsOnly />
      </PageLayout>
    );
  }
  return <Matrix access={access} />;
}

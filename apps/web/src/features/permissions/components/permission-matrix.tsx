// biome-ignore-all lint/a11y/useSemanticElements: an ARIA grid of divs: its rows are virtualized (absolutely placed CSS grids), which table elements cannot be
// biome-ignore-all lint/a11y/useFocusableInteractive: focus rests on the button inside each cell (APG grid, roving tabindex), not on the row or cell
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import type { User } from '@team-access/contract';
import { type KeyboardEvent, type MouseEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { CellExplanation, type CellExplanationContent } from '@/components/grid/cell-explanation.tsx';
import { CellHint } from '@/components/grid/cell-hint.tsx';
import { HEADER_ROW } from '@/components/grid/grid-navigation.ts';
import { MatrixHeader } from '@/components/grid/matrix-header.tsx';
import {
  gridTemplate,
  gridWidth,
  HEAD_HEIGHT,
  type MatrixCategory,
  type MatrixColumn,
  matrixSx,
  ROW_HEIGHT,
  TOAST_ROOM,
} from '@/components/grid/matrix-layout.ts';
import { targetOf, useGridFocus } from '@/components/grid/use-grid-focus.ts';
import { PermissionWhy } from '@/domain/permission-checks/components/permission-why.tsx';
import type { Access } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { cellState, isGranted } from '../cell-state.ts';
import { MatrixRow } from './matrix-row.tsx';

/** Load the next page when the last rendered row is this close to the end of what is loaded. */
const LOAD_AHEAD = 40;

interface PermissionMatrixProps {
  label: string;
  users: User[];
  /** Every member matching the filters, loaded or not (aria-rowcount); undefined when only estimated (ADR 033). */
  total: number | undefined;
  columns: MatrixColumn[];
  categories: MatrixCategory[];
  access: Access;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  onToggle: (user: User, column: MatrixColumn, grant: boolean) => void;
  onBulkRow: (user: User) => void;
  onBulkColumn: (column: MatrixColumn) => void;
  /** The members selected (a checkbox column before the names), and how to change that. */
  selection?: MatrixSelection;
  /** What a permission header does (its tooltip), when not "for every member shown". */
  columnHint?: string;
  /**
   * "Why?" mode: a click, a tap or Space on a permission cell explains it (the check API's
   * explanation, ADR 047) instead of switching it. Enter explains a cell in either mode.
   */
  explaining?: boolean;
}

export interface MatrixSelection {
  isSelected: (userId: string) => boolean;
  /** Every member matching the filter is selected (the boxes show checked and disabled). */
  all: boolean;
  onSelect: (users: User[], on: boolean) => void;
}

/**
 * The permission matrix: an ARIA data grid with one tab stop (roving focus), sticky headers and
 * member column, and virtualized rows. Arrows, Home/End (Ctrl: corners), PageUp/PageDown move;
 * Space switches a cell; Enter or Space on a header opens its bulk change; Enter on a cell says why
 * the member holds it or not (ADR 047).
 */
export function PermissionMatrix({
  label,
  users,
  total,
  columns,
  categories,
  access,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  onToggle,
  onBulkRow,
  onBulkColumn,
  selection,
  columnHint,
  explaining = false,
}: PermissionMatrixProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const [explanation, setExplanation] = useState<CellExplanationContent>();
  const first = selection ? 1 : 0;

  const rowCount = users.length;
  const bounds = {
    rowCount,
    colCount: columns.length + 1 + first,
    pageSize: Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 600) - HEAD_HEIGHT) / ROW_HEIGHT) - 1),
  };
  const { gridRef, position, hint, handlers } = useGridFocus(bounds);

  // The row holding the tab stop always stays rendered, however far it is scrolled away.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (position.row >= 0 && position.row < rowCount && !indexes.includes(position.row)) {
        return [...indexes, position.row].sort((a, b) => a - b);
      }
      return indexes;
    },
    [position.row, rowCount],
  );

  const virtualizer = useVirtualizer({
    count: rowCount + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEAD_HEIGHT,
    // Room under the last row: scrolled to the end, no toast covers it.
    paddingEnd: TOAST_ROOM,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rowCount - LOAD_AHEAD) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastIndex, rowCount, fetchNextPage]);

  const loadedSelected = selection ? users.filter((user) => selection.isSelected(user.id)).length : 0;
  const onSelect = selection?.onSelect;
  const selectAllLoaded = useCallback((on: boolean) => onSelect?.(users, on), [onSelect, users]);
  const selectAll = useMemo(
    () =>
      selection
        ? {
            checked: selection.all || (users.length > 0 && loadedSelected === users.length),
            indeterminate: !selection.all && loadedSelected > 0 && loadedSelected < users.length,
            onChange: selectAllLoaded,
          }
        : undefined,
    [selection, users.length, loadedSelected, selectAllLoaded],
  );

  /**
   * A read-only cell or header was clicked, tapped or switched with Space: say why it cannot change
   * here; and for a member's permission, why they hold it or not (the check API), with links to the
   * granting roles and the audit events. `why`: a switchable cell asked to explain itself.
   */
  const explain = (element: HTMLElement, row: number, col: number, why = false) => {
    const user = users[row];
    const column = row === HEADER_ROW ? undefined : columns[col - first - 1];
    const text = why ? undefined : element.dataset.hint;
    if (!text && !(user && column)) return;
    setExplanation({
      anchor: element,
      text: text ?? '',
      links: [],
      ...(user && column
        ? {
            // A read-only cell keeps its name (it says why it cannot change first).
            ...(why ? { title: `Why: ${column.label}, ${displayName(user)}` } : {}),
            body: (
              <PermissionWhy
                userId={user.id}
                permission={column.key}
                memberName={displayName(user)}
                permissionLabel={column.label}
                onNavigate={() => setExplanation(undefined)}
              />
            ),
          }
        : {}),
    });
  };

  /** Enter on a permission cell explains it, whatever the mode. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    handlers.onKeyDown(event);
    const target = targetOf(event);
    if (event.key !== 'Enter' || !target || target.position.row === HEADER_ROW || target.position.col <= first) return;
    event.preventDefault();
    explain(target.element, target.position.row, target.position.col, true);
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = targetOf(event);
    if (!target) return;
    const { row, col } = target.position;
    if (selection && col === 0) {
      // The header's box selects every row loaded (its own change handler); a row's box selects its member.
      const user = users[row];
      if (user && !selection.all) selection.onSelect([user], !selection.isSelected(user.id));
      return;
    }
    if (target.element.getAttribute('aria-disabled') === 'true') {
      explain(target.element, row, col);
      return;
    }
    if (explaining && row !== HEADER_ROW && col > first) {
      explain(target.element, row, col, true);
      return;
    }
    if (row === HEADER_ROW) {
      const column = columns[col - first - 1];
      if (column) onBulkColumn(column);
      return;
    }
    const user = users[row];
    if (!user) return;
    if (col === first) {
      onBulkRow(user);
      return;
    }
    const column = columns[col - first - 1];
    if (!column) return;
    const cell = cellState(user, column.key, access);
    if (!cell.lockedReason) onToggle(user, column, !isGranted(cell));
  };

  const width = gridWidth(columns.length, Boolean(selection));
  const loaderIndex = hasNextPage ? rowCount : -1;

  return (
    <Box ref={scrollRef} sx={matrixSx} className={selection ? 'pm-selectable' : undefined}>
      <p id={helpId} hidden>
        Arrow keys move between cells, Home and End to the ends of a row, Page Up and Page Down by a screen. Space
        switches a permission, or on a read-only one says why and where it can change. Enter on a permission explains
        why the member holds it or not{explaining ? ', and so do Space, a click and a tap while Why? is on' : ''}. On a
        member or permission header, Enter changes the whole row or column after a confirmation.{' '}
        {selection ? 'The first column selects members; a permission header then changes it for them only.' : ''}
      </p>
      <div
        ref={gridRef}
        role="grid"
        aria-label={label}
        aria-describedby={helpId}
        aria-rowcount={total === undefined ? -1 : total + 2}
        aria-colcount={columns.length + 1 + first}
        aria-multiselectable={selection ? true : undefined}
        className="pm-grid"
        style={{ width }}
        {...handlers}
        onKeyDown={onKeyDown}
        onClick={onClick}
      >
        <MatrixHeader
          columns={columns}
          categories={categories}
          tabColumn={position.row === HEADER_ROW ? position.col : -1}
          lockedReason={access.canManage ? undefined : access.whyNot({ id: '', role: 'MEMBER' })}
          columnHint={columnHint}
          selectAll={selectAll}
        />
        <div role="rowgroup" className="pm-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const top = item.start - HEAD_HEIGHT;
            const user = users[item.index];
            if (item.index === loaderIndex || !user) {
              return (
                <div
                  key="loading"
                  role="row"
                  aria-rowindex={item.index + 3}
                  className="pm-row"
                  style={{
                    gridTemplateColumns: gridTemplate(columns.length, Boolean(selection)),
                    transform: `translateY(${top}px)`,
                  }}
                >
                  <div
                    role="gridcell"
                    aria-colindex={1}
                    aria-colspan={columns.length + 1 + first}
                    className="pm-loading"
                  >
                    <CircularProgress size={16} aria-hidden />
                    Loading more members…
                  </div>
                </div>
              );
            }
            return (
              <MatrixRow
                key={user.id}
                user={user}
                index={item.index}
                columns={columns}
                access={access}
                tabColumn={position.row === item.index ? position.col : -1}
                top={top}
                selectable={Boolean(selection)}
                selected={selection?.isSelected(user.id) ?? false}
              />
            );
          })}
        </div>
      </div>
      <CellHint hint={explanation ? undefined : hint} />
      <CellExplanation content={explanation} onClose={() => setExplanation(undefined)} />
    </Box>
  );
}

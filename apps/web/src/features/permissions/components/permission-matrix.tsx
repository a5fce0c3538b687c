// biome-ignore-all lint/a11y/useSemanticElements: an ARIA grid of divs: its rows are virtualized (absolutely placed CSS grids), which table elements cannot be
// biome-ignore-all lint/a11y/useFocusableInteractive: focus rests on the button inside each cell (APG grid, roving tabindex), not on the row or cell
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import type { User } from '@team-access/contract';
import { type MouseEvent, useCallback, useEffect, useId, useRef } from 'react';
import { CellHint } from '@/components/grid/cell-hint.tsx';
import { HEADER_ROW } from '@/components/grid/grid-navigation.ts';
import { MatrixHeader } from '@/components/grid/matrix-header.tsx';
import {
  COLUMN_WIDTH,
  gridTemplate,
  HEAD_HEIGHT,
  type MatrixCategory,
  type MatrixColumn,
  matrixSx,
  ROW_HEIGHT,
} from '@/components/grid/matrix-layout.ts';
import { targetOf, useGridFocus } from '@/components/grid/use-grid-focus.ts';
import type { Access } from '@/domain/users/access.ts';
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
}

/**
 * The permission matrix: an ARIA data grid with one tab stop (roving focus), sticky headers and
 * member column, and virtualized rows. Arrows, Home/End (Ctrl: corners), PageUp/PageDown move;
 * Space switches a cell; Enter or Space on a header opens its bulk change.
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
}: PermissionMatrixProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const helpId = useId();

  const rowCount = users.length;
  const bounds = {
    rowCount,
    colCount: columns.length + 1,
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
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rowCount - LOAD_AHEAD) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastIndex, rowCount, fetchNextPage]);

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = targetOf(event);
    if (!target) return;
    const { row, col } = target.position;
    if (target.element.getAttribute('aria-disabled') === 'true') return;
    if (row === HEADER_ROW) {
      const column = columns[col - 1];
      if (column) onBulkColumn(column);
      return;
    }
    const user = users[row];
    if (!user) return;
    if (col === 0) {
      onBulkRow(user);
      return;
    }
    const column = columns[col - 1];
    if (!column) return;
    const cell = cellState(user, column.key, access);
    if (!cell.lockedReason) onToggle(user, column, !isGranted(cell));
  };

  const width = `calc(var(--pm-name) + ${columns.length * COLUMN_WIDTH}px)`;
  const loaderIndex = hasNextPage ? rowCount : -1;

  return (
    <Box ref={scrollRef} sx={matrixSx}>
      <p id={helpId} hidden>
        Arrow keys move between cells, Home and End to the ends of a row, Page Up and Page Down by a screen. Space
        switches a permission. On a member or permission header, Enter changes the whole row or column after a
        confirmation.
      </p>
      <div
        ref={gridRef}
        role="grid"
        aria-label={label}
        aria-describedby={helpId}
        aria-rowcount={total === undefined ? -1 : total + 2}
        aria-colcount={columns.length + 1}
        className="pm-grid"
        style={{ width }}
        {...handlers}
        onKeyDown={handlers.onKeyDown}
        onClick={onClick}
      >
        <MatrixHeader
          columns={columns}
          categories={categories}
          tabColumn={position.row === HEADER_ROW ? position.col : -1}
          lockedReason={access.canManage ? undefined : access.whyNot({ id: '', role: 'MEMBER' })}
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
                  style={{ gridTemplateColumns: gridTemplate(columns.length), transform: `translateY(${top}px)` }}
                >
                  <div role="gridcell" aria-colindex={1} aria-colspan={columns.length + 1} className="pm-loading">
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
              />
            );
          })}
        </div>
      </div>
      <CellHint hint={hint} />
    </Box>
  );
}

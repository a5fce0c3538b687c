// biome-ignore-all lint/a11y/useSemanticElements: an ARIA grid of divs: its rows are virtualized (absolutely placed CSS grids), which table elements cannot be
// biome-ignore-all lint/a11y/useFocusableInteractive: focus rests on the button inside each cell (APG grid, roving tabindex), not on the row or cell
import type { User } from '@team-access/contract';
import { memo } from 'react';
import { CheckMark } from '@/components/grid/check-mark.tsx';
import { cellId } from '@/components/grid/grid-navigation.ts';
import { gridTemplate, type MatrixColumn } from '@/components/grid/matrix-layout.ts';
import type { Access } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { cellDescription, cellHint, cellState, isGranted } from '../cell-state.ts';

interface MatrixRowProps {
  user: User;
  index: number;
  columns: MatrixColumn[];
  access: Access;
  /** The column holding the grid's tab stop, when it is in this row; -1 otherwise. */
  tabColumn: number;
  top: number;
  /** Whether the row has a selection checkbox (column 0; the name is then column 1), and its state. */
  selectable: boolean;
  selected: boolean;
}

/** One member: the row header (opens the row's bulk change) and a toggle per permission. */
export const MatrixRow = memo(function MatrixRow({
  user,
  index,
  columns,
  access,
  tabColumn,
  top,
  selectable,
  selected,
}: MatrixRowProps) {
  const name = displayName(user);
  const rowLocked = access.canEdit(user) ? undefined : access.whyNot(user);
  const first = selectable ? 1 : 0;
  return (
    <div
      role="row"
      aria-rowindex={index + 3}
      aria-selected={selectable ? selected : undefined}
      className={selected ? 'pm-row pm-selected' : 'pm-row'}
      style={{ gridTemplateColumns: gridTemplate(columns.length, selectable), transform: `translateY(${top}px)` }}
    >
      {selectable && (
        <div role="gridcell" aria-colindex={1} className="pm-select">
          {/* The grid's click handler selects: a click on the box and Space on it both arrive as a click. */}
          <input
            type="checkbox"
            className="pm-focus"
            aria-label={`Select ${name}`}
            checked={selected}
            readOnly
            data-cell={cellId(index, 0)}
            data-select
            tabIndex={tabColumn === 0 ? 0 : -1}
          />
        </div>
      )}
      <div role="rowheader" aria-colindex={1 + first} className="pm-sticky">
        <button
          type="button"
          className="pm-rowheader-button pm-focus"
          data-cell={cellId(index, first)}
          data-hint={rowLocked ?? `Grant or revoke every permission of ${name}`}
          tabIndex={tabColumn === first ? 0 : -1}
          aria-disabled={rowLocked ? true : undefined}
        >
          <span className="pm-name">{name}</span>
          {name !== user.email && <span className="pm-email">{user.email}</span>}
        </button>
      </div>
      {columns.map((column, i) => {
        const cell = cellState(user, column.key, access);
        const granted = isGranted(cell);
        const look = cell.direct
          ? ' pm-direct'
          : cell.inherited
            ? ' pm-inherited'
            : cell.byAccessLevel
              ? ' pm-level'
              : '';
        // The check state is aria-checked; the name adds where a grant comes from and why it is read-only.
        const spoken = cell.lockedReason || cell.inheritedFrom.length ? `, ${cellDescription(cell)}` : '';
        return (
          <div role="gridcell" aria-colindex={i + 2 + first} className="pm-cell" key={column.key}>
            <button
              type="button"
              role="checkbox"
              aria-checked={granted}
              aria-disabled={cell.lockedReason ? true : undefined}
              aria-label={`${column.label}, ${name}${spoken}`}
              className={`pm-check pm-focus${look}${cell.lockedReason ? ' pm-locked' : ''}`}
              data-cell={cellId(index, i + 1 + first)}
              data-hint={cellHint(cell)}
              tabIndex={tabColumn === i + 1 + first ? 0 : -1}
            >
              {granted && <CheckMark />}
            </button>
          </div>
        );
      })}
    </div>
  );
});

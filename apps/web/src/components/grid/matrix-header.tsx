// biome-ignore-all lint/a11y/useSemanticElements: an ARIA grid of divs: its rows are virtualized (absolutely placed CSS grids), which table elements cannot be
// biome-ignore-all lint/a11y/useFocusableInteractive: focus rests on the button inside each cell (APG grid, roving tabindex), not on the row or cell
import { memo } from 'react';
import { cellId, HEADER_ROW } from './grid-navigation.ts';
import { gridTemplate, type MatrixCategory, type MatrixColumn } from './matrix-layout.ts';

interface MatrixHeaderProps {
  columns: MatrixColumn[];
  categories: MatrixCategory[];
  /** The column holding the grid's tab stop, when it is in the header row; -1 otherwise. */
  tabColumn: number;
  /** Why the columns cannot be toggled, when they cannot. */
  lockedReason: string | undefined;
  /** The first column's header: whose rows these are. */
  cornerLabel?: string;
  /**
   * Whether a permission's header opens its column's bulk change (the users' matrix). When not,
   * it is a focusable header that only describes the permission (a role's grid).
   */
  columnsActionable?: boolean;
  /** What an actionable permission header does (its tooltip), when not "for every member shown". */
  columnHint?: string;
  /**
   * The selection column's header (the users' matrix): a checkbox selecting every row loaded. With
   * it, the columns start one further: the names are column 1 of the focus model, not 0.
   */
  selectAll?: { checked: boolean; indeterminate: boolean; onChange: (on: boolean) => void };
}

/** The sticky header: a row of categories over the row of permissions (each opens its column's bulk change). */
export const MatrixHeader = memo(function MatrixHeader({
  columns,
  categories,
  tabColumn,
  lockedReason,
  cornerLabel = 'Member',
  columnsActionable = true,
  columnHint = 'Select to grant or revoke it for every member shown.',
  selectAll,
}: MatrixHeaderProps) {
  const first = selectAll ? 1 : 0;
  const template = gridTemplate(columns.length, Boolean(selectAll));
  let colIndex = 2 + first;
  return (
    <div role="rowgroup" className="pm-head">
      <div role="row" aria-rowindex={1} className="pm-row" style={{ gridTemplateColumns: template }}>
        {selectAll && (
          <div role="columnheader" aria-colindex={1} className="pm-select pm-category">
            <span className="pm-visually-hidden">Selection</span>
          </div>
        )}
        <div role="columnheader" aria-colindex={1 + first} className="pm-sticky pm-category">
          <span className="pm-visually-hidden">Category</span>
        </div>
        {categories.map((category) => {
          const start = colIndex;
          colIndex += category.span;
          return (
            <div
              key={category.key}
              role="columnheader"
              aria-colindex={start}
              aria-colspan={category.span}
              className="pm-category"
              style={{ gridColumn: `span ${category.span}` }}
              title={category.label}
            >
              {category.label}
            </div>
          );
        })}
      </div>
      <div role="row" aria-rowindex={2} className="pm-row" style={{ gridTemplateColumns: template }}>
        {selectAll && (
          <div role="columnheader" aria-colindex={1} className="pm-select pm-colheader">
            <input
              type="checkbox"
              className="pm-focus"
              aria-label="Select every member loaded"
              checked={selectAll.checked}
              ref={(input) => {
                if (input) input.indeterminate = selectAll.indeterminate;
              }}
              onChange={(event) => selectAll.onChange(event.target.checked)}
              data-cell={cellId(HEADER_ROW, 0)}
              data-hint="Select every member loaded; then all matching the filter"
              tabIndex={tabColumn === 0 ? 0 : -1}
            />
          </div>
        )}
        <div role="columnheader" aria-colindex={1 + first} className="pm-sticky pm-colheader">
          <span
            className="pm-corner pm-focus"
            data-cell={cellId(HEADER_ROW, first)}
            tabIndex={tabColumn === first ? 0 : -1}
          >
            {cornerLabel}
          </span>
        </div>
        {columns.map((column, i) => (
          <div key={column.key} role="columnheader" aria-colindex={i + 2 + first} className="pm-colheader">
            {columnsActionable ? (
              <button
                type="button"
                className="pm-colheader-button pm-focus"
                data-cell={cellId(HEADER_ROW, i + 1 + first)}
                data-hint={lockedReason ?? `${column.description} ${columnHint}`}
                tabIndex={tabColumn === i + 1 + first ? 0 : -1}
                aria-disabled={lockedReason ? true : undefined}
              >
                {column.label}
              </button>
            ) : (
              <span
                className="pm-colheader-button pm-colheader-text pm-focus"
                data-cell={cellId(HEADER_ROW, i + 1 + first)}
                data-hint={column.description}
                tabIndex={tabColumn === i + 1 + first ? 0 : -1}
              >
                {column.label}
              </span>
            )}
          </div>
        ))}
      </div>
    </div>
  );
});

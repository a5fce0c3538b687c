/**
 * Where the focus is in the matrix (WAI-ARIA APG data grid): `row` -1 is the row of permission
 * headers, 0… the members; `col` 0 is the member's header, 1… the permissions.
 */
export interface GridPosition {
  row: number;
  col: number;
}

export interface GridBounds {
  /** Member rows loaded. */
  rowCount: number;
  /** Columns, the member's header included. */
  colCount: number;
  /** Rows that fit in the viewport: what PageUp/PageDown move by. */
  pageSize: number;
}

export const HEADER_ROW = -1;

export interface GridKey {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** Keeps a position inside the grid (after a filter shortened the list, say). */
export function clampPosition(position: GridPosition, bounds: GridBounds): GridPosition {
  return {
    row: clamp(position.row, HEADER_ROW, bounds.rowCount - 1),
    col: clamp(position.col, 0, bounds.colCount - 1),
  };
}

/** The position a key moves the focus to; undefined when the key does not move it. */
export function nextPosition(position: GridPosition, event: GridKey, bounds: GridBounds): GridPosition | undefined {
  const { row, col } = clampPosition(position, bounds);
  const lastRow = bounds.rowCount - 1;
  const lastCol = bounds.colCount - 1;
  const ctrl = Boolean(event.ctrlKey || event.metaKey);
  const page = Math.max(1, bounds.pageSize);
  let next: GridPosition;
  switch (event.key) {
    case 'ArrowUp':
      next = { row: row - 1, col };
      break;
    case 'ArrowDown':
      next = { row: row + 1, col };
      break;
    case 'ArrowLeft':
      next = { row, col: col - 1 };
      break;
    case 'ArrowRight':
      next = { row, col: col + 1 };
      break;
    case 'Home':
      next = ctrl ? { row: HEADER_ROW, col: 0 } : { row, col: 0 };
      break;
    case 'End':
      next = ctrl ? { row: lastRow, col: lastCol } : { row, col: lastCol };
      break;
    case 'PageDown':
      next = { row: row + page, col };
      break;
    case 'PageUp':
      // A page up stops at the first member; the headers are one more step (ArrowUp, Ctrl+Home).
      next = { row: row <= 0 ? HEADER_ROW : Math.max(0, row - page), col };
      break;
    default:
      return undefined;
  }
  return clampPosition(next, bounds);
}

/** `data-cell` names a focus target by its place in the grid: "row:col". */
export const cellId = (row: number, col: number) => `${row}:${col}`;

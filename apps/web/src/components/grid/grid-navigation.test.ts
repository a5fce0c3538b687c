import { describe, expect, it } from 'vitest';
import { clampPosition, type GridBounds, HEADER_ROW, nextPosition } from './grid-navigation.ts';

const bounds: GridBounds = { rowCount: 50, colCount: 25, pageSize: 10 };

describe('nextPosition', () => {
  it.each([
    ['ArrowDown', { row: 3, col: 4 }, { row: 4, col: 4 }],
    ['ArrowUp', { row: 3, col: 4 }, { row: 2, col: 4 }],
    ['ArrowRight', { row: 3, col: 4 }, { row: 3, col: 5 }],
    ['ArrowLeft', { row: 3, col: 4 }, { row: 3, col: 3 }],
    ['Home', { row: 3, col: 4 }, { row: 3, col: 0 }],
    ['End', { row: 3, col: 4 }, { row: 3, col: 24 }],
    ['PageDown', { row: 3, col: 4 }, { row: 13, col: 4 }],
    ['PageUp', { row: 13, col: 4 }, { row: 3, col: 4 }],
    ['PageUp', { row: 3, col: 4 }, { row: 0, col: 4 }],
    ['PageUp', { row: 0, col: 4 }, { row: HEADER_ROW, col: 4 }],
    ['ArrowUp', { row: 0, col: 4 }, { row: HEADER_ROW, col: 4 }],
  ])('when %s is pressed at %o, then the focus moves to %o', (key, from, to) => {
    expect(nextPosition(from, { key }, bounds)).toEqual(to);
  });

  it('when the focus is at an edge, then it stays there', () => {
    expect(nextPosition({ row: HEADER_ROW, col: 0 }, { key: 'ArrowUp' }, bounds)).toEqual({ row: HEADER_ROW, col: 0 });
    expect(nextPosition({ row: HEADER_ROW, col: 0 }, { key: 'ArrowLeft' }, bounds)).toEqual({
      row: HEADER_ROW,
      col: 0,
    });
    expect(nextPosition({ row: 49, col: 24 }, { key: 'ArrowDown' }, bounds)).toEqual({ row: 49, col: 24 });
    expect(nextPosition({ row: 45, col: 2 }, { key: 'PageDown' }, bounds)).toEqual({ row: 49, col: 2 });
  });

  it('when Ctrl or Cmd is held, then Home and End go to the corners', () => {
    expect(nextPosition({ row: 7, col: 7 }, { key: 'Home', ctrlKey: true }, bounds)).toEqual({
      row: HEADER_ROW,
      col: 0,
    });
    expect(nextPosition({ row: 7, col: 7 }, { key: 'End', metaKey: true }, bounds)).toEqual({ row: 49, col: 24 });
  });

  it('when there are no members, then only the header row is reachable', () => {
    const empty = { ...bounds, rowCount: 0 };
    expect(nextPosition({ row: HEADER_ROW, col: 3 }, { key: 'ArrowDown' }, empty)).toEqual({ row: HEADER_ROW, col: 3 });
    expect(nextPosition({ row: HEADER_ROW, col: 3 }, { key: 'End', ctrlKey: true }, empty)).toEqual({
      row: HEADER_ROW,
      col: 24,
    });
  });

  it('when another key is pressed, then the focus does not move', () => {
    expect(nextPosition({ row: 1, col: 1 }, { key: ' ' }, bounds)).toBeUndefined();
    expect(nextPosition({ row: 1, col: 1 }, { key: 'a' }, bounds)).toBeUndefined();
  });

  it('when the list got shorter, then an old position is brought back inside', () => {
    expect(clampPosition({ row: 80, col: 30 }, bounds)).toEqual({ row: 49, col: 24 });
  });
});

import { type FocusEvent, type KeyboardEvent, type MouseEvent, useLayoutEffect, useRef, useState } from 'react';
import type { Hint } from './cell-hint.tsx';
import { cellId, clampPosition, type GridBounds, type GridPosition, nextPosition } from './grid-navigation.ts';

/** The focus target an event came from (an element with `data-cell="row:col"`), and its place. */
export function targetOf(event: { target: EventTarget }): { element: HTMLElement; position: GridPosition } | undefined {
  const element = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
  const [row, col] = (element?.dataset.cell ?? '').split(':').map(Number);
  if (!element || row === undefined || col === undefined || Number.isNaN(row) || Number.isNaN(col)) return undefined;
  return { element, position: { row, col } };
}

/**
 * The roving focus of an APG data grid (the users' matrix and a role's grid): one tab stop, which
 * the arrows, Home/End and PageUp/PageDown move; the shared tooltip follows the hovered or focused
 * cell. The grid's element gets `gridRef` and the handlers; each focus target carries `data-cell`.
 */
export function useGridFocus(bounds: GridBounds) {
  const gridRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<GridPosition>({ row: 0, col: 0 });
  const [hint, setHint] = useState<Hint>();
  const focusPending = useRef(false);
  const position = clampPosition(active, bounds);

  // After a key moved the tab stop: focus it and bring it into view (below the sticky headers).
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const element = gridRef.current?.querySelector<HTMLElement>(`[data-cell="${cellId(position.row, position.col)}"]`);
    element?.focus({ preventScroll: true });
    // The whole cell (its header text, its focus ring) comes into view, not just the small toggle.
    const cell = element?.closest<HTMLElement>('[role="gridcell"], [role="columnheader"], [role="rowheader"]');
    (cell ?? element)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = targetOf(event);
    if (!target) return;
    const next = nextPosition(target.position, event, bounds);
    if (next) {
      event.preventDefault();
      focusPending.current = true;
      setActive(next);
      return;
    }
    // Space switches a cell and Enter does not; on a plain header (the corner) neither scrolls the page.
    const element = target.element;
    const plain = !['BUTTON', 'INPUT', 'A'].includes(element.tagName);
    if ((event.key === 'Enter' && element.getAttribute('role') === 'checkbox') || (event.key === ' ' && plain)) {
      event.preventDefault();
    }
  };

  const showHint = (event: FocusEvent | MouseEvent) => {
    const target = targetOf(event);
    const text = target?.element.dataset.hint;
    setHint(target && text ? { anchor: target.element, text } : undefined);
  };

  const handlers = {
    onKeyDown,
    onFocus: (event: FocusEvent<HTMLDivElement>) => {
      const target = targetOf(event);
      if (target) setActive(target.position);
      showHint(event);
    },
    onBlur: (event: FocusEvent<HTMLDivElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget)) setHint(undefined);
    },
    onMouseOver: showHint,
    onMouseLeave: () => setHint(undefined),
  };

  return { gridRef, position, hint, handlers };
}

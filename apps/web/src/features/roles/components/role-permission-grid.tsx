// biome-ignore-all lint/a11y/useSemanticElements: the same ARIA grid of divs as the users' matrix, so both share one look and one keyboard model
// biome-ignore-all lint/a11y/useFocusableInteractive: focus rests on the button inside each cell (APG grid, roving tabindex), not on the row or cell
import Box from '@mui/material/Box';
import type { Role } from '@team-access/contract';
import { type MouseEvent, useId, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { CellExplanation, type CellExplanationContent } from '@/components/grid/cell-explanation.tsx';
import { CellHint } from '@/components/grid/cell-hint.tsx';
import { CheckMark } from '@/components/grid/check-mark.tsx';
import { cellId, HEADER_ROW } from '@/components/grid/grid-navigation.ts';
import { MatrixHeader } from '@/components/grid/matrix-header.tsx';
import {
  gridTemplate,
  gridWidth,
  HEAD_HEIGHT,
  type MatrixCategory,
  type MatrixColumn,
  matrixSx,
  ROW_HEIGHT,
} from '@/components/grid/matrix-layout.ts';
import { targetOf, useGridFocus } from '@/components/grid/use-grid-focus.ts';
import type { RoleAccess } from '@/domain/roles/role-rules.ts';
import { roleCell } from '../role-cell.ts';

interface RolePermissionGridProps {
  label: string;
  roles: Role[];
  columns: MatrixColumn[];
  categories: MatrixCategory[];
  access: RoleAccess;
  onToggle: (role: Role, column: MatrixColumn, grant: boolean) => void;
  /** Where a role's row header leads (the grid by role opens the role page); plain text without it. */
  roleHref?: (role: Role) => string;
}

/** Taller than this, the grid scrolls inside its frame and its headers stay in view. */
const MAX_HEIGHT = 'min(68dvh, 760px)';

/** Rows that fit beside the headers in a frame this tall: what PageUp/PageDown move by. */
export function rowsPerPage(frameHeight: number | undefined, rowCount: number): number {
  if (!frameHeight) return Math.max(1, rowCount);
  return Math.max(1, Math.floor((frameHeight - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
}

/**
 * Roles × permissions, in the users' matrix's look and keyboard model (APG data grid, one tab stop,
 * arrows, Home/End, PageUp/PageDown, Space switches a cell; categories as column groups; the role
 * column stays in view). A tenant has tens of roles, not thousands, so nothing is virtualized: the
 * grid is as tall as its rows up to a frame, then scrolls inside it.
 */
export function RolePermissionGrid({
  label,
  roles,
  columns,
  categories,
  access,
  onToggle,
  roleHref,
}: RolePermissionGridProps) {
  const helpId = useId();
  const frameRef = useRef<HTMLDivElement>(null);
  const [explanation, setExplanation] = useState<CellExplanationContent>();
  const { gridRef, position, hint, handlers } = useGridFocus({
    rowCount: roles.length,
    colCount: columns.length + 1,
    pageSize: rowsPerPage(frameRef.current?.clientHeight, roles.length),
  });

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = targetOf(event);
    if (!target) return;
    // A read-only cell says why when clicked, tapped or switched with Space, not on hover only.
    const why = target.element.dataset.hint;
    if (target.element.getAttribute('aria-disabled') === 'true') {
      if (why) setExplanation({ anchor: target.element, text: why, links: [] });
      return;
    }
    const { row, col } = target.position;
    const role = roles[row];
    const column = columns[col - 1];
    if (!role || !column) return;
    const cell = roleCell(role, column.key, access);
    if (!cell.lockedReason) onToggle(role, column, !cell.granted);
  };

  return (
    <Box ref={frameRef} sx={matrixSx} style={{ height: 'auto', minHeight: 0, maxHeight: MAX_HEIGHT }}>
      <p id={helpId} hidden>
        Arrow keys move between cells, Home and End to the ends of a row, Page Up and Page Down by a page of roles.
        Space adds the permission to the role or takes it out.{roleHref ? ' Enter on a role opens its page.' : ''}
      </p>
      <div
        ref={gridRef}
        role="grid"
        aria-label={label}
        aria-describedby={helpId}
        aria-rowcount={roles.length + 2}
        aria-colcount={columns.length + 1}
        className="pm-grid"
        style={{ width: gridWidth(columns.length) }}
        {...handlers}
        onKeyDown={handlers.onKeyDown}
        onClick={onClick}
      >
        <MatrixHeader
          columns={columns}
          categories={categories}
          tabColumn={position.row === HEADER_ROW ? position.col : -1}
          lockedReason={undefined}
          cornerLabel="Role"
          columnsActionable={false}
        />
        <div role="rowgroup" className="pm-body" style={{ height: roles.length * ROW_HEIGHT }}>
          {roles.map((role, index) => (
            <div
              key={role.id}
              role="row"
              aria-rowindex={index + 3}
              className="pm-row"
              style={{
                gridTemplateColumns: gridTemplate(columns.length),
                transform: `translateY(${index * ROW_HEIGHT}px)`,
              }}
            >
              <div role="rowheader" aria-colindex={1} className="pm-sticky">
                <RoleHeader
                  role={role}
                  total={columns.length}
                  href={roleHref?.(role)}
                  cell={cellId(index, 0)}
                  tabIndex={position.row === index && position.col === 0 ? 0 : -1}
                />
              </div>
              {columns.map((column, i) => {
                const cell = roleCell(role, column.key, access);
                return (
                  <div role="gridcell" aria-colindex={i + 2} className="pm-cell" key={column.key}>
                    <button
                      type="button"
                      role="checkbox"
                      aria-checked={cell.granted}
                      aria-disabled={cell.lockedReason ? true : undefined}
                      aria-label={`${column.label}, ${role.name}${cell.lockedReason ? `, read-only: ${cell.lockedReason}` : ''}`}
                      className={`pm-check pm-focus${cell.granted ? ' pm-direct' : ''}${cell.lockedReason ? ' pm-locked' : ''}`}
                      data-cell={cellId(index, i + 1)}
                      data-hint={cell.lockedReason ?? column.description}
                      tabIndex={position.row === index && position.col === i + 1 ? 0 : -1}
                    >
                      {cell.granted && <CheckMark />}
                    </button>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <CellHint hint={explanation ? undefined : hint} />
      <CellExplanation content={explanation} onClose={() => setExplanation(undefined)} />
    </Box>
  );
}

interface RoleHeaderProps {
  role: Role;
  total: number;
  href: string | undefined;
  cell: string;
  tabIndex: number;
}

/** A row's header: the role's name and how many permissions it holds; a link to its page when `href` is given. */
function RoleHeader({ role, total, href, cell, tabIndex }: RoleHeaderProps) {
  const content = (
    <>
      <span className="pm-name">{role.name}</span>
      <span className="pm-email">
        {role.permissions.length} of {total} permissions
      </span>
    </>
  );
  if (!href) {
    return (
      <span className="pm-rowheader-button pm-focus" data-cell={cell} tabIndex={tabIndex} style={{ cursor: 'default' }}>
        {content}
      </span>
    );
  }
  return (
    // The name in the link colour (the grid's class rules unset a link's own look).
    <RouterLink
      to={href}
      className="pm-rowheader-button pm-focus"
      data-cell={cell}
      data-hint={`Open the role ${role.name}`}
      tabIndex={tabIndex}
      style={{ color: 'var(--mui-palette-primary-main)' }}
    >
      {content}
    </RouterLink>
  );
}

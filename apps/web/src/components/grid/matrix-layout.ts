import type { SxProps, Theme } from '@mui/material/styles';
import type { PermissionCatalog } from '@team-access/contract';

/** Fixed sizes: rows are virtualized by a known height, columns line up across header and body. */
export const ROW_HEIGHT = 48;
export const CATEGORY_ROW_HEIGHT = 32;
/** Tall enough for the longest label on two turned lines ("Meter banner / builder"). */
export const HEADER_ROW_HEIGHT = 112;
export const HEAD_HEIGHT = CATEGORY_ROW_HEIGHT + HEADER_ROW_HEIGHT;
/**
 * Narrow columns with turned headers (ADR 041): 24 permissions fit beside the members at 1920 px
 * and 15 at 1440 px (beside the selection column). A cell's toggle is 24 px, so 56 px leaves it a comfortable target.
 */
export const COLUMN_WIDTH = 56;
/** The members' column; narrower on a phone so some permissions stay in view beside it. */
export const NAME_WIDTH = { xs: 136, sm: 220 } as const;
/** The selection column before the members' names (the users' matrix only). */
export const SELECT_WIDTH = 44;
/** Room under the last row, so a toast at the bottom of the window never covers it (ADR 041). */
export const TOAST_ROOM = 96;

export interface MatrixColumn {
  key: string;
  label: string;
  description: string;
}

export interface MatrixCategory {
  key: string;
  label: string;
  /** How many columns it spans. */
  span: number;
}

/** The catalog's permissions in category order (the columns), and the categories over them. */
export function catalogColumns(catalog: PermissionCatalog): { columns: MatrixColumn[]; categories: MatrixCategory[] } {
  const columns: MatrixColumn[] = [];
  const categories: MatrixCategory[] = [];
  for (const category of catalog.categories) {
    const items = catalog.items.filter((item) => item.category === category.key);
    if (items.length === 0) continue;
    categories.push({ key: category.key, label: category.label, span: items.length });
    columns.push(...items.map(({ key, label, description }) => ({ key, label, description })));
  }
  // A permission whose category the catalog does not list still gets a column.
  const known = new Set(catalog.categories.map((c) => c.key));
  const others = catalog.items.filter((item) => !known.has(item.category));
  if (others.length) {
    categories.push({ key: 'other', label: 'Other', span: others.length });
    columns.push(...others.map(({ key, label, description }) => ({ key, label, description })));
  }
  return { columns, categories };
}

/** The columns of a row: the selection column when there is one, the names, then the permissions. */
export const gridTemplate = (columnCount: number, selectable = false) =>
  `${selectable ? `${SELECT_WIDTH}px ` : ''}var(--pm-name) repeat(${columnCount}, ${COLUMN_WIDTH}px)`;

/** The grid's full width, for its element's style. */
export const gridWidth = (columnCount: number, selectable = false) =>
  `calc(${selectable ? SELECT_WIDTH : 0}px + var(--pm-name) + ${columnCount * COLUMN_WIDTH}px)`;

/** The cells' four looks: granted directly, granted by a role, not granted, read-only. */
export const checkStyles = (theme: Theme) => ({
  '& .pm-check': {
    all: 'unset',
    boxSizing: 'border-box',
    display: 'grid',
    placeItems: 'center',
    width: 24,
    height: 24,
    borderRadius: 0.75,
    border: 2,
    borderColor: 'text.secondary',
    color: 'primary.contrastText',
    cursor: 'pointer',
    '& svg': { width: 18, height: 18, fill: 'currentColor' },
  },
  '& .pm-check.pm-direct': { bgcolor: 'primary.main', borderColor: 'primary.main' },
  '& .pm-check.pm-inherited': {
    bgcolor: `rgba(${theme.vars?.palette.secondary.mainChannel} / 0.16)`,
    borderColor: 'secondary.main',
    borderStyle: 'dashed',
    color: 'secondary.main',
    cursor: 'help',
  },
  // An owner's cells: every permission, by the access level (ADR 018).
  '& .pm-check.pm-level': {
    bgcolor: 'action.selected',
    borderColor: 'text.secondary',
    color: 'text.primary',
    cursor: 'help',
  },
  '& .pm-check.pm-locked:not(.pm-inherited):not(.pm-level)': { cursor: 'not-allowed', opacity: 0.45 },
});

/**
 * The whole grid's look, as class rules on its scroll container: the cells are plain elements
 * (hundreds are on screen), not MUI components.
 */
export const matrixSx: SxProps<Theme> = (theme) => ({
  '--pm-name': `${NAME_WIDTH.xs}px`,
  [theme.breakpoints.up('sm')]: { '--pm-name': `${NAME_WIDTH.sm}px` },
  '--pm-select': '0px',
  position: 'relative',
  overflow: 'auto',
  // The screen gives the grid the rest of the window (PageLayout `fill`): the grid is the page's one scroll area.
  flex: '1 1 auto',
  height: 0,
  // On a phone the filters and legend take the first screen: the grid then fills most of the next.
  minHeight: 280,
  [theme.breakpoints.down('sm')]: { minHeight: '72dvh' },
  border: 1,
  borderColor: 'divider',
  borderRadius: 1,
  bgcolor: 'background.paper',
  overscrollBehavior: 'contain',
  '& .pm-grid': { position: 'relative', minWidth: '100%' },
  '& .pm-row': { display: 'grid', alignItems: 'stretch' },
  '& .pm-head': {
    position: 'sticky',
    top: 0,
    zIndex: 3,
    bgcolor: 'background.paper',
    borderBottom: 1,
    borderColor: 'divider',
  },
  '& .pm-category': {
    height: CATEGORY_ROW_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    px: 1,
    fontSize: '0.75rem',
    fontWeight: 700,
    letterSpacing: '0.04em',
    textTransform: 'uppercase',
    color: 'text.secondary',
    borderLeft: 1,
    borderColor: 'divider',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    bgcolor: 'action.hover',
  },
  '& .pm-sticky': {
    position: 'sticky',
    left: 'var(--pm-select)',
    zIndex: 2,
    bgcolor: 'background.paper',
    borderRight: 1,
    borderColor: 'divider',
  },
  '& .pm-head .pm-sticky, & .pm-head .pm-select': { zIndex: 4 },
  '&.pm-selectable': { '--pm-select': `${SELECT_WIDTH}px` },
  '& .pm-select': {
    position: 'sticky',
    left: 0,
    zIndex: 2,
    display: 'grid',
    placeItems: 'center',
    bgcolor: 'background.paper',
  },
  // The header's box sits on the header row's baseline, beside "Member".
  '& .pm-colheader.pm-select': { placeItems: 'end center', paddingBottom: 6, borderLeft: 0 },
  '& .pm-select input': {
    width: 20,
    height: 20,
    margin: 0,
    cursor: 'pointer',
    accentColor: theme.vars?.palette.primary.main,
  },
  '& .pm-body .pm-row.pm-selected > *': {
    backgroundImage: `linear-gradient(${theme.vars?.palette.action.selected}, ${theme.vars?.palette.action.selected})`,
  },
  '& .pm-category.pm-sticky': { bgcolor: 'background.paper', borderLeft: 0 },
  '& .pm-visually-hidden': {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  '& .pm-colheader': {
    scrollMarginLeft: 'calc(var(--pm-select) + var(--pm-name))',
    height: HEADER_ROW_HEIGHT,
    display: 'flex',
    alignItems: 'stretch',
    borderLeft: 1,
    borderColor: 'divider',
  },
  '& .pm-colheader-button, & .pm-rowheader-button, & .pm-corner': {
    all: 'unset',
    boxSizing: 'border-box',
    width: '100%',
    cursor: 'pointer',
    font: 'inherit',
    color: 'text.primary',
  },
  // Turned headers, read bottom to top (as wide tables print them): a narrow column keeps a whole label.
  '& .pm-colheader-button': {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-start',
    writingMode: 'vertical-rl',
    transform: 'rotate(180deg)',
    textAlign: 'start',
    px: 0.5,
    py: 1,
    fontSize: '0.8125rem',
    fontWeight: 600,
    lineHeight: 1.2,
    overflowWrap: 'break-word',
  },
  '& .pm-corner': {
    display: 'flex',
    alignItems: 'flex-end',
    px: 1.5,
    py: 0.75,
    cursor: 'default',
    fontSize: '0.8125rem',
    fontWeight: 600,
  },
  '& .pm-body': { position: 'relative' },
  '& .pm-body .pm-row': {
    position: 'absolute',
    top: 0,
    left: 0,
    height: ROW_HEIGHT,
    borderBottom: 1,
    borderColor: 'divider',
  },
  '& .pm-body .pm-row:hover > *': { bgcolor: 'action.hover' },
  '& .pm-body .pm-row:hover > .pm-sticky, & .pm-body .pm-row:hover > .pm-select': {
    // An opaque hover colour on the sticky column, so the cells scrolling under it stay hidden.
    backgroundImage: `linear-gradient(${theme.vars?.palette.action.hover}, ${theme.vars?.palette.action.hover})`,
    bgcolor: 'background.paper',
  },
  '& .pm-rowheader-button': {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    height: '100%',
    px: 1.5,
    minWidth: 0,
  },
  '& .pm-name, & .pm-email': {
    display: 'block',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  '& .pm-name': { fontWeight: 600, fontSize: '0.875rem' },
  '& .pm-email': { fontSize: '0.75rem', color: 'text.secondary' },
  '& .pm-cell': {
    display: 'grid',
    placeItems: 'center',
    borderLeft: 1,
    borderColor: 'divider',
    scrollMarginLeft: 'calc(var(--pm-select) + var(--pm-name))',
    scrollMarginTop: HEAD_HEIGHT,
  },
  '& .pm-body [role="rowheader"]': { scrollMarginTop: HEAD_HEIGHT },
  ...checkStyles(theme),
  '& .pm-rowheader-button[aria-disabled="true"], & .pm-colheader-button[aria-disabled="true"], & .pm-colheader-text': {
    cursor: 'default',
  },
  '& .pm-focus:focus-visible': {
    outline: '3px solid',
    outlineColor: 'primary.main',
    outlineOffset: 2,
    position: 'relative',
    zIndex: 1,
  },
  '& .pm-rowheader-button:focus-visible, & .pm-colheader-button:focus-visible, & .pm-corner:focus-visible': {
    outlineOffset: -3,
  },
  '& .pm-loading': {
    position: 'sticky',
    left: 0,
    display: 'flex',
    alignItems: 'center',
    gap: 1,
    px: 1.5,
    height: ROW_HEIGHT,
    color: 'text.secondary',
    fontSize: '0.875rem',
  },
});

import Popper from '@mui/material/Popper';

export interface Hint {
  anchor: HTMLElement;
  text: string;
}

/**
 * The matrix's one tooltip, following the hovered or focused cell: why a cell is read-only, where an
 * inherited grant comes from, what a header does. (One shared tooltip instead of one per cell: a
 * screen of the matrix holds hundreds of cells.) Screen readers get the same words from the cell's
 * own name, so this is for the eyes only.
 */
export function CellHint({ hint }: { hint: Hint | undefined }) {
  return (
    <Popper
      open={Boolean(hint)}
      anchorEl={hint?.anchor}
      placement="top"
      aria-hidden
      modifiers={[{ name: 'offset', options: { offset: [0, 6] } }]}
      sx={(theme) => ({
        zIndex: theme.zIndex.tooltip,
        pointerEvents: 'none',
        maxWidth: 300,
        px: 1,
        py: 0.5,
        borderRadius: 1,
        fontSize: '0.8125rem',
        lineHeight: 1.4,
        color: 'common.white',
        bgcolor: 'grey.800',
        boxShadow: 3,
      })}
    >
      {hint?.text}
    </Popper>
  );
}

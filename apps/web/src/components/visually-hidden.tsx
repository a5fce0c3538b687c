import Box from '@mui/material/Box';
import type { ReactNode } from 'react';

/** Styles that hide text from the eyes but not from screen readers (a column header like "Actions"). */
// In sx a bare 1 means 100%: sizes are spelled in px.
export const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** Text for screen readers only, such as the name of a column of row actions. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return (
    <Box component="span" sx={visuallyHidden}>
      {children}
    </Box>
  );
}

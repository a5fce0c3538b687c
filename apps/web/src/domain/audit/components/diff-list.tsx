import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { VisuallyHidden } from '@/components/visually-hidden.tsx';
import type { DiffLine } from '../sentence.ts';

/** Before → after, a line per field; words for screen readers where the eyes read the arrow. */
export function DiffList({
  lines,
  label,
  changedTo = 'changed to',
}: {
  lines: DiffLine[];
  label: string;
  changedTo?: string;
}) {
  if (lines.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No field changed.
      </Typography>
    );
  }
  return (
    <Box
      component="dl"
      aria-label={label}
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', sm: 'minmax(8rem, max-content) 1fr' },
        columnGap: 2,
      }}
    >
      {lines.map((line) => (
        <Box key={line.label} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary" sx={{ pt: 0.5 }}>
            {line.label}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, pt: { sm: 0.5 }, overflowWrap: 'anywhere' }}>
            <Box component="span" sx={{ textDecoration: 'line-through', color: 'text.secondary' }}>
              {line.before}
            </Box>
            <VisuallyHidden> {changedTo} </VisuallyHidden>
            <Box component="span" aria-hidden sx={{ mx: 1 }}>
              →
            </Box>
            <Box component="span" sx={{ fontWeight: 600 }}>
              {line.after}
            </Box>
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

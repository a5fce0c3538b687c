import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { useId } from 'react';

/** A page-sized, labelled progress indicator, for while the app or the session loads. */
export function FullPageProgress({ label = 'Loading Team Access' }: { label?: string }) {
  const labelId = useId();
  return (
    <Box
      component="main"
      id="main"
      sx={{ minHeight: '100dvh', display: 'grid', placeContent: 'center', justifyItems: 'center', gap: 2 }}
    >
      <CircularProgress aria-labelledby={labelId} />
      <Typography id={labelId} color="text.secondary">
        {label}
      </Typography>
    </Box>
  );
}

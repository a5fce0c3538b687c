import Chip from '@mui/material/Chip';
import type { ReactElement } from 'react';

export type StatusTone = 'info' | 'success' | 'warning' | 'error' | 'default';

/**
 * A small outlined chip whose border and icon carry the tone and whose text stays the body colour:
 * info and warning text on paper would fall below 4.5:1 in the light theme.
 */
export function StatusChip({ label, tone, icon }: { label: string; tone: StatusTone; icon: ReactElement }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={tone}
      icon={icon}
      label={label}
      sx={{ '& .MuiChip-label': { color: 'text.primary' } }}
    />
  );
}

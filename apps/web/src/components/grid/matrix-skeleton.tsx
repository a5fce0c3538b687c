import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import { COLUMN_WIDTH, HEAD_HEIGHT, NAME_WIDTH, ROW_HEIGHT } from './matrix-layout.ts';

const ROWS = 8;
const COLUMNS = 10;

/** The grid's shape while the catalog and the first members load. */
export function MatrixSkeleton() {
  return (
    <Box
      role="status"
      aria-label="Loading the permission matrix"
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden', bgcolor: 'background.paper' }}
    >
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-end', height: HEAD_HEIGHT, px: 1.5, pb: 1 }}>
        <Skeleton width={NAME_WIDTH.xs} height={20} sx={{ mr: { sm: 12 } }} />
        {Array.from({ length: COLUMNS }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} width={COLUMN_WIDTH - 16} height={20} />
        ))}
      </Box>
      {Array.from({ length: ROWS }, (_, row) => (
        <Box
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          key={row}
          sx={{
            display: 'flex',
            gap: 1,
            alignItems: 'center',
            height: ROW_HEIGHT,
            px: 1.5,
            borderTop: 1,
            borderColor: 'divider',
          }}
        >
          <Skeleton width={NAME_WIDTH.xs} height={18} sx={{ mr: { sm: 12 } }} />
          {Array.from({ length: COLUMNS }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Box key={i} sx={{ width: COLUMN_WIDTH - 16, display: 'grid', placeItems: 'center' }}>
              <Skeleton variant="rounded" width={22} height={22} />
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}

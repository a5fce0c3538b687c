import Skeleton from '@mui/material/Skeleton';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';

/** Placeholder rows while a table's first page loads (hidden from screen readers; the table is aria-busy). */
export function TableSkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return Array.from({ length: rows }, (_, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
    <TableRow key={i} aria-hidden>
      <TableCell colSpan={columns}>
        <Skeleton height={36} />
      </TableCell>
    </TableRow>
  ));
}

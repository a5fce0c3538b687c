import TablePagination from '@mui/material/TablePagination';

/** Pages of a file's rows held in the browser (a CSV preview or report): "Rows 26–50 of 120". */
export function RowsPagination({
  count,
  page,
  pageSize,
  onPageChange,
}: {
  count: number;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
}) {
  if (count <= pageSize) return null;
  return (
    <TablePagination
      component="div"
      count={count}
      page={page}
      onPageChange={(_event, next) => onPageChange(next)}
      rowsPerPage={pageSize}
      rowsPerPageOptions={[]}
      labelDisplayedRows={({ from, to, count: all }) => `Rows ${from}–${to} of ${all}`}
    />
  );
}

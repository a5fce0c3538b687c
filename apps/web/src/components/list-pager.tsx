import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatTotal } from '../lib/list-total.ts';

/** What the pager needs of useListView: the page size, the cursor and the way back and forward. */
export interface PagedListView {
  view: { limit: number; cursor: string | undefined };
  go: (next: { limit: number }) => void;
  page: { index: number; back: () => void; forward: (cursor: string) => void };
}

/**
 * Where a page sits in its list, in the one wording every list uses: "1–25 of 61 members",
 * "26 of 26 members" (a page of one row), "1 of 1 member", "1–25 of 10,000+ members". A page
 * opened from a copied link (a cursor but no history) cannot number its rows: "25 of 61 members".
 * `noun` is the plural of a regular noun ("members"); one exact total takes the singular.
 */
export function pageSummary(
  page: number,
  limit: number,
  shown: number,
  total: { total: number; totalIsCapped?: boolean | undefined },
  cursor: string | undefined,
  noun: string,
) {
  const of = `of ${formatTotal(total)} ${total.total === 1 && !total.totalIsCapped ? noun.replace(/s$/, '') : noun}`;
  if (cursor && page === 0) return `${shown.toLocaleString()} ${of}`;
  const first = page * limit + 1;
  if (shown <= 1) return `${first.toLocaleString()} ${of}`;
  return `${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} ${of}`;
}

/** "1–25 of 80 organizations", page size, Previous and Next over keyset cursors. */
export function ListPager({
  list,
  shown,
  total,
  nextCursor,
  noun,
  pageSizes,
}: {
  list: PagedListView;
  shown: number;
  /** The list's total as the API answered it (exact, or a capped estimate). */
  total: { total: number; totalIsCapped?: boolean | undefined };
  nextCursor: string | null;
  /** Plural: "organizations", "members". */
  noun: string;
  pageSizes: readonly number[];
}) {
  const { view, page } = list;
  return (
    <Stack
      direction="row"
      spacing={2}
      sx={{ p: 2, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap', rowGap: 1 }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }} aria-live="polite">
        {pageSummary(page.index, view.limit, shown, total, view.cursor, noun)}
      </Typography>
      <FormControl size="small" sx={{ minWidth: 104 }}>
        <InputLabel id={`${noun}-page-size-label`}>Per page</InputLabel>
        <Select
          labelId={`${noun}-page-size-label`}
          label="Per page"
          value={view.limit}
          onChange={(event) => list.go({ limit: Number(event.target.value) })}
        >
          {pageSizes.map((size) => (
            <MenuItem key={size} value={size}>
              {size}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <Button disabled={!view.cursor} onClick={page.back}>
        {page.index > 0 || !view.cursor ? 'Previous' : 'First page'}
      </Button>
      <Button disabled={!nextCursor} onClick={() => nextCursor && page.forward(nextCursor)}>
        Next
      </Button>
    </Stack>
  );
}

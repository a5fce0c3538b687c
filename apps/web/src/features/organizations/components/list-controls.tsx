import SearchOutlined from '@mui/icons-material/SearchOutlined';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import InputAdornment from '@mui/material/InputAdornment';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import OutlinedInput from '@mui/material/OutlinedInput';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { PAGE_SIZES } from '../list-params.ts';
import type { ListView } from '../use-list-view.ts';

/** The search box of a list; it updates the address once typing pauses. */
export function ListSearch({
  list,
  id,
  placeholder,
  controls,
}: {
  list: ListView;
  id: string;
  placeholder: string;
  /** The id of the table it filters. */
  controls: string;
}) {
  return (
    <FormControl sx={{ flex: 1, minWidth: 0 }}>
      <InputLabel htmlFor={id}>Search</InputLabel>
      <OutlinedInput
        id={id}
        label="Search"
        type="search"
        value={list.search}
        placeholder={placeholder}
        onChange={(event) => list.setSearch(event.target.value)}
        startAdornment={
          <InputAdornment position="start">
            <SearchOutlined aria-hidden />
          </InputAdornment>
        }
        inputProps={{ maxLength: 100, 'aria-controls': controls }}
      />
    </FormControl>
  );
}

/** "1–25 of 80 organizations", page size, Previous and Next over keyset cursors. */
export function ListPager({
  list,
  shown,
  total,
  nextCursor,
  noun,
}: {
  list: ListView;
  shown: number;
  total: number;
  nextCursor: string | null;
  /** Plural: "organizations", "members". */
  noun: string;
}) {
  const { view, page } = list;
  return (
    <Stack
      direction="row"
      spacing={2}
      sx={{ p: 2, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap', rowGap: 1 }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }} aria-live="polite">
        {pageSummary(page.index, view.limit, shown, total, view.cursor)} {noun}
      </Typography>
      <FormControl size="small" sx={{ minWidth: 104 }}>
        <InputLabel id={`${noun}-page-size-label`}>Per page</InputLabel>
        <Select
          labelId={`${noun}-page-size-label`}
          label="Per page"
          value={view.limit}
          onChange={(event) => list.go({ limit: Number(event.target.value) })}
        >
          {PAGE_SIZES.map((size) => (
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

/** A page opened from a copied link (a cursor but no history) cannot number its rows. */
export function pageSummary(page: number, limit: number, shown: number, total: number, cursor: string | undefined) {
  if (cursor && page === 0) return `${shown} of ${total.toLocaleString()}`;
  const first = page * limit + 1;
  return `${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} of ${total.toLocaleString()}`;
}

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
import { type InvitationStatus, invitationStatuses } from '@team-access/contract';
import { PAGE_SIZES } from '../list-params.ts';
import type { ListView } from '../use-list-view.ts';
import { invitationStatusLabels } from './invitation-status-chip.tsx';

/** Search (by address) and the status filter; both update the address. */
export function InvitationFilters({ list }: { list: ListView }) {
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ p: 2 }}>
      <FormControl sx={{ flex: 1, minWidth: 0 }}>
        <InputLabel htmlFor="invitation-search">Search</InputLabel>
        <OutlinedInput
          id="invitation-search"
          label="Search"
          type="search"
          value={list.search}
          placeholder="Email address"
          onChange={(event) => list.setSearch(event.target.value)}
          startAdornment={
            <InputAdornment position="start">
              <SearchOutlined aria-hidden />
            </InputAdornment>
          }
          inputProps={{ maxLength: 100, 'aria-controls': 'invitations-results' }}
        />
      </FormControl>
      <FormControl sx={{ minWidth: 180 }}>
        <InputLabel id="invitation-status-filter-label" shrink>
          Status
        </InputLabel>
        <Select
          labelId="invitation-status-filter-label"
          label="Status"
          value={list.view.status ?? ''}
          displayEmpty
          notched
          onChange={(event) => list.go({ status: (event.target.value || undefined) as InvitationStatus | undefined })}
        >
          <MenuItem value="">All</MenuItem>
          {invitationStatuses.map((status) => (
            <MenuItem key={status} value={status}>
              {invitationStatusLabels[status]}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    </Stack>
  );
}

/** A page opened from a copied link (a cursor but no history) cannot number its rows. */
export function pageSummary(page: number, limit: number, shown: number, total: number, cursor: string | undefined) {
  if (cursor && page === 0) return `${shown} of ${total.toLocaleString()}`;
  const first = page * limit + 1;
  return `${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} of ${total.toLocaleString()}`;
}

/** "1–25 of 80 invitations", page size, Previous and Next over keyset cursors. */
export function ListPager({
  list,
  shown,
  total,
  nextCursor,
}: {
  list: ListView;
  shown: number;
  total: number;
  nextCursor: string | null;
}) {
  const { view, page } = list;
  return (
    <Stack
      direction="row"
      spacing={2}
      sx={{ p: 2, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap', rowGap: 1 }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }} aria-live="polite">
        {pageSummary(page.index, view.limit, shown, total, view.cursor)} invitations
      </Typography>
      <FormControl size="small" sx={{ minWidth: 104 }}>
        <InputLabel id="invitations-page-size-label">Per page</InputLabel>
        <Select
          labelId="invitations-page-size-label"
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

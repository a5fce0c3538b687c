import Stack from '@mui/material/Stack';
import { invitationStatuses } from '@team-access/contract';
import { FilterSelect } from '@/components/filter-select.tsx';
import { ListSearch } from '@/components/list-search.tsx';
import type { ListView } from '@/lib/use-list-view.ts';
import type { InvitationListParams } from '../list-params.ts';
import { invitationStatusLabels } from './invitation-status-chip.tsx';

/** Search (by address) and the status filter; both update the address. */
export function InvitationFilters({ list }: { list: ListView<InvitationListParams> }) {
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ p: 2 }}>
      <ListSearch list={list} id="invitation-search" placeholder="Email address" controls="invitations-results" />
      <FilterSelect
        labelId="invitation-status-filter-label"
        label="Status"
        value={list.view.status}
        options={invitationStatuses}
        optionLabel={(status) => invitationStatusLabels[status]}
        anyLabel="All"
        showAny
        minWidth={180}
        onChange={(status) => list.go({ status })}
      />
    </Stack>
  );
}

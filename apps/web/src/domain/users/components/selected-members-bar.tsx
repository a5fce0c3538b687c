import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { MemberSelection } from '../use-member-selection.ts';

/**
 * The bar over a list with a selection (the users list, the permission matrix): how many are
 * selected, "Select all N members matching this filter" once every member shown is, the screen's
 * own actions (`children`), and Clear selection.
 */
export function SelectedMembersBar<U extends { id: string }>({
  selection,
  everyShownSelected,
  children,
}: {
  selection: MemberSelection<U>;
  /** Every member the screen shows (a page, the rows loaded) is selected: offer all matching. */
  everyShownSelected: boolean;
  children?: ReactNode;
}) {
  const { all, total, users } = selection;
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      role="region"
      aria-label="Selected members"
      sx={{ px: 2, py: 1, alignItems: 'center', flexWrap: 'wrap', bgcolor: 'action.selected', borderRadius: 1 }}
    >
      <Typography sx={{ mr: 'auto' }} aria-live="polite">
        {selection.summary}
      </Typography>
      {!all && everyShownSelected && total > users.size && (
        <Button onClick={selection.selectAll}>
          Select all {total.toLocaleString('en-GB')} members matching this filter
        </Button>
      )}
      {children}
      <Button onClick={selection.clear}>Clear selection</Button>
    </Stack>
  );
}

import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Checkbox from '@mui/material/Checkbox';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Invitation } from '@team-access/contract';
import { useState } from 'react';
import { EmailText } from '@/components/email-text.tsx';
import { PagedList } from '@/components/paged-list.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { VisuallyHidden } from '@/components/visually-hidden.tsx';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { AccessLevelChip } from '@/domain/users/components/user-chips.tsx';
import { useListView } from '@/lib/use-list-view.ts';
import { invitationQueries } from '../api/queries.ts';
import { expiryText, timeAgo } from '../countdown.ts';
import { invitationList, PAGE_SIZES, toListQuery } from '../list-params.ts';
import { useNow } from '../use-now.ts';
import { InvitationActionsMenu } from './invitation-actions.tsx';
import { InvitationStatusChip, statusNow } from './invitation-status-chip.tsx';
import { InvitationFilters } from './list-controls.tsx';
import { type InvitationSelection, ResendInvitationsDialog } from './resend-invitations-dialog.tsx';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const COLUMNS = 7;
const count = (n: number) => `${n.toLocaleString('en-GB')} invitation${n === 1 ? '' : 's'}`;

/**
 * The invitations, newest first: status filter, search and paging kept in the address. Those who
 * administer the tenant (`selectable`) select rows, then every invitation the filter matches, and
 * resend them (ADR 042); the selection survives paging and a new filter starts a new one.
 */
export function InvitationsList({
  onInvite,
  canInvite,
  selectable,
}: {
  onInvite: () => void;
  canInvite: boolean;
  selectable: boolean;
}) {
  const list = useListView(invitationList);
  const query = toListQuery(list.view);
  const invitations = useQuery(invitationQueries.list(query));
  // Countdowns move on while the list is open, and are never older than the answer they count from.
  const now = Math.max(useNow(), invitations.dataUpdatedAt);
  const viewKey = JSON.stringify([query.search ?? '', query.status ?? '']);
  const [selection, setSelection] = useState({ view: viewKey, ids: new Set<string>(), all: false });
  const [resending, setResending] = useState(false);
  const current = selection.view === viewKey ? selection : { view: viewKey, ids: new Set<string>(), all: false };
  const pageItems = invitations.data?.items ?? [];
  const total = invitations.data?.total ?? 0;
  const selectedOnPage = pageItems.filter((i) => current.all || current.ids.has(i.id)).length;
  const pageSelected = pageItems.length > 0 && selectedOnPage === pageItems.length;
  const selectedCount = current.all ? total : current.ids.size;
  const select = (items: Invitation[], on: boolean) => {
    const ids = new Set(current.ids);
    for (const item of items) {
      if (on) ids.add(item.id);
      else ids.delete(item.id);
    }
    setSelection({ view: viewKey, ids, all: false });
  };
  const clear = () => setSelection({ view: viewKey, ids: new Set(), all: false });
  const target: InvitationSelection = current.all
    ? {
        selection: { filter: { search: query.search, status: query.status } },
        description: `all ${count(total)} matching this filter`,
      }
    : { selection: { invitationIds: [...current.ids] }, description: `${count(current.ids.size)} selected` };

  return (
    <Card>
      <InvitationFilters list={list} />
      {selectable && selectedCount > 0 && (
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          role="region"
          aria-label="Selected invitations"
          sx={{ px: 2, py: 1, alignItems: 'center', flexWrap: 'wrap', bgcolor: 'action.selected' }}
        >
          <Typography sx={{ mr: 'auto' }} aria-live="polite">
            {current.all
              ? `All ${count(total)} matching this filter are selected`
              : `${count(current.ids.size)} selected`}
          </Typography>
          {!current.all && pageSelected && total > current.ids.size && (
            <Button onClick={() => setSelection({ view: viewKey, ids: new Set(), all: true })}>
              Select all {count(total)} matching this filter
            </Button>
          )}
          <Button variant="contained" onClick={() => setResending(true)}>
            Resend…
          </Button>
          <Button onClick={clear}>Clear selection</Button>
        </Stack>
      )}
      {resending && (
        <ResendInvitationsDialog
          target={target}
          onClose={() => setResending(false)}
          onDone={() => {
            setResending(false);
            clear();
          }}
        />
      )}
      <PagedList
        query={invitations}
        list={list}
        noun="invitations"
        pageSizes={PAGE_SIZES}
        retrying
        resultsId="invitations-results"
        noMatch={{ title: 'No invitations match', description: 'Try another search or status, or clear the filters.' }}
        empty={{
          title: 'No invitations yet',
          description:
            'Invite people by email: they get a link to set their password and join with the access you choose.',
          action: canInvite && (
            <Button variant="contained" onClick={onInvite}>
              Invite people
            </Button>
          ),
        }}
      >
        <TableContainer>
          <Table id="invitations-table" aria-label="Invitations" aria-busy={invitations.isFetching}>
            <TableHead>
              <TableRow>
                {selectable && (
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={pageSelected}
                      indeterminate={selectedOnPage > 0 && selectedOnPage < pageItems.length}
                      disabled={pageItems.length === 0}
                      onChange={(event) => select(pageItems, event.target.checked)}
                      slotProps={{ input: { 'aria-label': 'Select all on this page' } }}
                    />
                  </TableCell>
                )}
                <TableCell>Email</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Will get</TableCell>
                <TableCell>Invited by</TableCell>
                <TableCell>Expiry</TableCell>
                <TableCell>Last sent</TableCell>
                <TableCell align="right" padding="checkbox">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {invitations.isPending ? (
                <TableSkeletonRows rows={5} columns={COLUMNS + (selectable ? 1 : 0)} />
              ) : (
                invitations.data?.items.map((invitation) => (
                  <InvitationRow
                    key={invitation.id}
                    invitation={invitation}
                    now={now}
                    selected={selectable ? current.all || current.ids.has(invitation.id) : undefined}
                    onSelect={(on) => select([invitation], on)}
                  />
                ))
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </PagedList>
    </Card>
  );
}

function InvitationRow({
  invitation,
  now,
  selected,
  onSelect,
}: {
  invitation: Invitation;
  now: number;
  /** Undefined: the list has no selection. */
  selected: boolean | undefined;
  onSelect: (on: boolean) => void;
}) {
  const status = statusNow(invitation, now);
  return (
    <TableRow hover selected={selected === true}>
      {selected !== undefined && (
        <TableCell padding="checkbox">
          <Checkbox
            checked={selected}
            onChange={(event) => onSelect(event.target.checked)}
            slotProps={{ input: { 'aria-label': `Select ${invitation.email}` } }}
          />
        </TableCell>
      )}
      <TableCell sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
        <EmailText email={invitation.email} />
      </TableCell>
      <TableCell>
        <InvitationStatusChip status={status} />
      </TableCell>
      <TableCell>
        <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
          <AccessLevelChip role={invitation.role} />
          {invitation.roles.length > 0 && (
            <Typography variant="body2">
              {invitation.roles.length === 1 ? 'Role' : 'Roles'} {invitation.roles.map((role) => role.name).join(', ')}
            </Typography>
          )}
          {invitation.organization && (
            <Typography variant="body2">
              {invitation.organization.name}
              <Typography component="span" variant="body2" color="text.secondary">
                {' '}
                · {orgRoleLabels[invitation.organizationRole ?? 'ORG_MEMBER']}
              </Typography>
            </Typography>
          )}
        </Stack>
      </TableCell>
      <TableCell>
        {invitation.invitedBy.name ??
          (invitation.invitedBy.email && <EmailText email={invitation.invitedBy.email} />) ?? (
            <Typography variant="body2" color="text.secondary">
              —<VisuallyHidden>not known</VisuallyHidden>
            </Typography>
          )}
        {invitation.invitedBy.name && invitation.invitedBy.email && (
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            <EmailText email={invitation.invitedBy.email} />
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <ExpiryCell invitation={invitation} now={now} />
      </TableCell>
      <TableCell>
        <time dateTime={invitation.lastSentAt} title={dateTimeFormat.format(new Date(invitation.lastSentAt))}>
          {timeAgo(invitation.lastSentAt, now)}
        </time>
        {invitation.sendCount > 1 && (
          <Typography variant="body2" color="text.secondary">
            Sent {invitation.sendCount} times
          </Typography>
        )}
      </TableCell>
      <TableCell align="right" padding="checkbox">
        <InvitationActionsMenu invitation={invitation} status={status} />
      </TableCell>
    </TableRow>
  );
}

function ExpiryCell({ invitation, now }: { invitation: Invitation; now: number }) {
  const at = (iso: string, text: string) => (
    <time dateTime={iso} title={dateTimeFormat.format(new Date(iso))}>
      {text}
    </time>
  );
  if (invitation.status === 'accepted' && invitation.acceptedAt) {
    return at(invitation.acceptedAt, `Accepted ${timeAgo(invitation.acceptedAt, now)}`);
  }
  if (invitation.status === 'revoked' && invitation.revokedAt) {
    return at(invitation.revokedAt, `Revoked ${timeAgo(invitation.revokedAt, now)}`);
  }
  return at(invitation.expiresAt, expiryText(invitation.expiresAt, now));
}

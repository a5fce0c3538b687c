import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
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

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const COLUMNS = 7;

/** The invitations, newest first: status filter, search and paging kept in the address. */
export function InvitationsList({ onInvite, canInvite }: { onInvite: () => void; canInvite: boolean }) {
  const list = useListView(invitationList);
  const invitations = useQuery(invitationQueries.list(toListQuery(list.view)));
  // Countdowns move on while the list is open, and are never older than the answer they count from.
  const now = Math.max(useNow(), invitations.dataUpdatedAt);

  return (
    <Card>
      <InvitationFilters list={list} />
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
                <TableSkeletonRows rows={5} columns={COLUMNS} />
              ) : (
                invitations.data?.items.map((invitation) => (
                  <InvitationRow key={invitation.id} invitation={invitation} now={now} />
                ))
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </PagedList>
    </Card>
  );
}

function InvitationRow({ invitation, now }: { invitation: Invitation; now: number }) {
  const status = statusNow(invitation, now);
  return (
    <TableRow hover>
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

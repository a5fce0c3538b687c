import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { sessionsEndRefusal, type User, type UserSession } from '@team-access/contract';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { VisuallyHidden } from '@/components/visually-hidden.tsx';
import { ruleActorOf, useAccess } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { useEndSession, useEndSessions } from '../mutations.ts';
import { userSessionQueries } from '../queries.ts';
import { lastActive, sessionName } from '../session-name.ts';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (iso: string) => dateTimeFormat.format(new Date(iso));

type Confirming = { kind: 'one'; session: UserSession } | { kind: 'all' } | null;

/**
 * A user's live sessions, with Sign out for each and for all but this browser's. The person's own
 * list says which session is this one and signs out the others; someone else's list signs them out
 * everywhere. Who may is the shared rule the IAM API enforces (rules/sessions.ts).
 */
export function SessionList({ user }: { user: User }) {
  const { me } = useAccess();
  const self = me?.id === user.id;
  const name = displayName(user);
  const sessions = useQuery(userSessionQueries.list(user.id));
  const endOne = useEndSession(user.id);
  const endAll = useEndSessions(user.id);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const refusal = sessionsEndRefusal(ruleActorOf(me), user);

  if (sessions.isPending) {
    return (
      <Stack spacing={1} aria-busy="true">
        <VisuallyHidden>Loading sessions…</VisuallyHidden>
        <Skeleton variant="rounded" height={36} width={220} />
        <Skeleton variant="rounded" height={64} />
        <Skeleton variant="rounded" height={64} />
      </Stack>
    );
  }
  if (sessions.isError) {
    return (
      <LoadError error={sessions.error} onRetry={() => sessions.refetch()} retrying={sessions.isRefetching}>
        The sessions could not be loaded.
      </LoadError>
    );
  }

  const { items, total } = sessions.data;
  const ending = items.filter((s) => !s.current);
  const close = () => setConfirming(null);
  const confirm = () => {
    if (confirming?.kind === 'one') endOne.mutate(confirming.session, { onSettled: close });
    else endAll.mutate({ self, name }, { onSettled: close });
  };

  return (
    <Stack spacing={2}>
      <Stack
        direction="row"
        spacing={2}
        useFlexGap
        sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}
      >
        <Typography color="text.secondary" role="status">
          {total === 0
            ? `${name} is not signed in anywhere.`
            : total === 1
              ? '1 signed-in session'
              : `${total} signed-in sessions${total > items.length ? `, the ${items.length} most recently used shown` : ''}`}
        </Typography>
        {refusal === undefined && ending.length > 0 && (
          <Button variant="outlined" color="error" onClick={() => setConfirming({ kind: 'all' })}>
            {self ? 'Sign out other sessions' : 'Sign out everywhere'}
          </Button>
        )}
      </Stack>
      {refusal && total > 0 && <Alert severity="info">{refusal.detail}</Alert>}
      {items.length > 0 && (
        <List disablePadding aria-label={self ? 'Your sessions' : `Sessions of ${name}`}>
          {items.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              canEnd={refusal === undefined && !session.current}
              onEnd={() => setConfirming({ kind: 'one', session })}
            />
          ))}
        </List>
      )}
      <ConfirmDialog
        open={confirming !== null}
        destructive
        pending={endOne.isPending || endAll.isPending}
        title={
          confirming?.kind === 'one'
            ? `Sign out ${sessionName(confirming.session)}?`
            : self
              ? 'Sign out your other sessions?'
              : `Sign out ${name} everywhere?`
        }
        confirmLabel={confirming?.kind === 'one' ? 'Sign out this session' : self ? 'Sign out others' : 'Sign out all'}
        onConfirm={confirm}
        onClose={close}
      >
        {confirming?.kind === 'one' ? (
          <>
            {self ? 'Your session' : `The session of ${name}`} in {sessionName(confirming.session)}, signed in{' '}
            {when(confirming.session.createdAt)}
            {confirming.session.ip ? ` from ${confirming.session.ip}` : ''}, ends now.{' '}
            {self ? 'You must sign in again there.' : 'They must sign in again there.'}
          </>
        ) : self ? (
          <>
            {ending.length === 1 ? 'Your 1 other session' : `Your ${ending.length} other sessions`} (
            {ending.map(sessionName).join(', ')}) end now. This session stays signed in.
          </>
        ) : (
          <>
            {ending.length === 1 ? 'The 1 session' : `All ${ending.length} sessions`} of {name} ({user.email}) end now.
            They must sign in again.
          </>
        )}
      </ConfirmDialog>
    </Stack>
  );
}

function SessionRow({ session, canEnd, onEnd }: { session: UserSession; canEnd: boolean; onEnd: () => void }) {
  const label = sessionName(session);
  return (
    <ListItem divider disableGutters sx={{ display: 'block', py: 1.5 }}>
      <Box
        sx={{
          display: 'flex',
          gap: 1.5,
          alignItems: 'center',
          justifyContent: 'space-between',
          flexWrap: 'wrap',
        }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
            <Typography sx={{ fontWeight: 600 }}>{label}</Typography>
            {session.current && <Chip size="small" color="primary" variant="outlined" label="This session" />}
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {session.current ? 'Active now' : lastActive(session.lastSeenAt)}
            {session.ip ? ` · ${session.ip}` : ''}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Signed in {when(session.createdAt)} · Expires {when(session.expiresAt)}
          </Typography>
        </Box>
        {canEnd && (
          <Button
            size="small"
            variant="outlined"
            color="error"
            onClick={onEnd}
            aria-label={`Sign out ${label}, signed in ${when(session.createdAt)}`}
          >
            Sign out
          </Button>
        )}
      </Box>
    </ListItem>
  );
}

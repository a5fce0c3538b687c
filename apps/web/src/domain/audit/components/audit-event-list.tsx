import ExpandLess from '@mui/icons-material/ExpandLess';
import ExpandMore from '@mui/icons-material/ExpandMore';
import UndoOutlined from '@mui/icons-material/UndoOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { AuditEvent } from '@team-access/contract';
import { type ReactNode, useId, useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { LoadError } from '@/components/load-error.tsx';
import { useAccess } from '@/domain/users/access.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import type { AuditFilters } from '../audit-api.ts';
import { auditQueries } from '../queries.ts';
import { type AuditGroup, groupEvents, groupSentence, type SentenceLabels, sentenceText } from '../sentence.ts';
import { AuditEventDetails } from './audit-event-details.tsx';
import { RevertDialog } from './revert-dialog.tsx';
import { useAuditLinks } from './use-audit-links.ts';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A filter one event offers: "events by Ana Silva", "events about bob@example.com". */
export interface AuditFilterOffer {
  label: string;
  filters: AuditFilters;
}

/** The permission labels of the tenant's catalog, for sentences and diffs (keys until it loads). */
export function useSentenceLabels(): SentenceLabels {
  const catalog = useQuery(catalogQueries.catalog());
  return useMemo(() => {
    const labels = new Map(catalog.data?.items.map((p) => [p.key, p.label]));
    return { permission: (key: string) => labels.get(key) ?? key };
  }, [catalog.data]);
}

/**
 * The audit log as sentences, newest first, with "Load more": the Audit screen's list and every
 * Activity tab. An entry expands to its before → after; a revertible one offers Revert.
 */
export function AuditEventList({
  filters,
  empty,
  onFilter,
  headingLevel = 'h2',
}: {
  filters: AuditFilters;
  /** What to say when nothing matches. */
  empty: { title: string; description: string; action?: ReactNode };
  /** Offered in an entry's details: narrow the list to its actor or target (the Audit screen). */
  onFilter?: (filters: AuditFilters) => void;
  headingLevel?: 'h2' | 'h3';
}) {
  const events = useInfiniteQuery(auditQueries.list(filters));
  const labels = useSentenceLabels();
  const [reverting, setReverting] = useState<AuditEvent>();
  const groups = useMemo(() => groupEvents(events.data?.pages.flatMap((p) => p.items) ?? []), [events.data]);

  let body: ReactNode;
  if (events.isPending) {
    body = (
      // A named status while the first page loads (a bare div may not carry a name), and busy.
      <Stack spacing={1} sx={{ p: 2 }} role="status" aria-busy="true" aria-label="Loading events">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} variant="rounded" height={48} />
        ))}
      </Stack>
    );
  } else if (events.isError) {
    body = (
      <Box sx={{ m: 2 }}>
        <LoadError error={events.error} onRetry={() => events.refetch()} retrying={events.isFetching}>
          The events could not be loaded.
        </LoadError>
      </Box>
    );
  } else if (groups.length === 0) {
    body = (
      <Box sx={{ p: 4, textAlign: 'center' }}>
        <Typography variant="h2" component={headingLevel} gutterBottom>
          {empty.title}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: empty.action ? 2 : 0 }}>
          {empty.description}
        </Typography>
        {empty.action}
      </Box>
    );
  } else {
    body = (
      <>
        <Box component="ul" aria-label="Events, newest first" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {groups.map((group) => (
            <AuditEntry
              key={group.key}
              group={group}
              labels={labels}
              onFilter={onFilter}
              onRevert={(event) => setReverting(event)}
            />
          ))}
        </Box>
        <Stack direction="row" sx={{ p: 2, justifyContent: 'center' }}>
          {events.hasNextPage ? (
            <Button variant="outlined" onClick={() => events.fetchNextPage()} loading={events.isFetchingNextPage}>
              Load more
            </Button>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {events.isFetchNextPageError ? 'The next events could not be loaded.' : 'That is everything.'}
            </Typography>
          )}
        </Stack>
      </>
    );
  }

  return (
    <>
      <Box sx={{ height: 4 }}>
        {events.isFetching && !events.isPending && !events.isFetchingNextPage && (
          <LinearProgress aria-label="Updating" />
        )}
      </Box>
      {body}
      <RevertDialog event={reverting} labels={labels} onClose={() => setReverting(undefined)} />
    </>
  );
}

function AuditEntry({
  group,
  labels,
  onFilter,
  onRevert,
}: {
  group: AuditGroup;
  labels: SentenceLabels;
  onFilter: ((filters: AuditFilters) => void) | undefined;
  onRevert: (event: AuditEvent) => void;
}) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const links = useAuditLinks();
  const { canManage } = useAccess();
  const first = group.events[0] as AuditEvent;
  const parts = groupSentence(group, labels);
  const single = group.events.length === 1;
  // Rights are the preview's to check; offer Revert where it can succeed: tenant administrators, and
  // org admins for their organizations' memberships.
  const mayRevert = single && first.revertible && (canManage || first.target.type === 'organization');
  return (
    <Box
      component="li"
      sx={{ px: 2, py: 1.5, borderTop: 1, borderColor: 'divider', '&:first-of-type': { borderTop: 0 } }}
    >
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography sx={{ overflowWrap: 'anywhere' }}>
            {parts.map((part, i) => {
              if (typeof part === 'string') return part;
              const to = part.kind === 'actor' ? links.actor(first) : single ? links.target(first) : undefined;
              return to ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence never move
                <Link key={i} component={RouterLink} to={to} sx={{ fontWeight: 600 }}>
                  {part.text}
                </Link>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence never move
                <Box key={i} component="span" sx={{ fontWeight: 600 }}>
                  {part.text}
                </Box>
              );
            })}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.25 }}>
            <Typography variant="body2" color="text.secondary">
              <time dateTime={first.createdAt}>{dateTimeFormat.format(new Date(first.createdAt))}</time>
              {first.source === 'api' ? ' · through the API' : ''}
            </Typography>
            {first.revertedByEventId && <Chip size="small" variant="outlined" label="Reverted" />}
          </Stack>
        </Box>
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0 }}>
          <Button
            size="small"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={detailsId}
            endIcon={open ? <ExpandLess /> : <ExpandMore />}
            aria-label={`${open ? 'Hide' : 'Show'} details: ${sentenceText(parts)}`}
          >
            Details
          </Button>
          {mayRevert && (
            <Button
              size="small"
              variant="outlined"
              startIcon={<UndoOutlined />}
              onClick={() => onRevert(first)}
              aria-label={`Revert: ${sentenceText(parts)}`}
            >
              Revert
            </Button>
          )}
        </Stack>
      </Stack>
      <Box id={detailsId} hidden={!open}>
        {open && <AuditEventDetails group={group} labels={labels} onFilter={onFilter} />}
      </Box>
    </Box>
  );
}

import FilterAltOutlined from '@mui/icons-material/FilterAltOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AuditEvent } from '@team-access/contract';
import { Link as RouterLink } from 'react-router';
import type { AuditFilters } from '../audit-api.ts';
import { type AuditGroup, diffLines, type SentenceLabels } from '../sentence.ts';
import { DiffList } from './diff-list.tsx';
import { useAuditLinks } from './use-audit-links.ts';

/** The filters one event offers: its actor's events, and the events about its target. */
function filterOffers(event: AuditEvent): { label: string; filters: AuditFilters }[] {
  const offers: { label: string; filters: AuditFilters }[] = [];
  if (event.actor) offers.push({ label: `Events by ${event.actor.name}`, filters: { actorId: event.actor.id } });
  const { type, id, name } = event.target;
  if (id && name && (type === 'user' || type === 'role' || type === 'organization' || type === 'invitation')) {
    offers.push({
      label: `Events about ${name}`,
      filters: type === 'organization' ? { organizationId: id } : { targetType: type, targetId: id },
    });
  }
  return offers;
}

/** An entry's details: before → after of each field (or the members of a bulk change), and where it came from. */
export function AuditEventDetails({
  group,
  labels,
  onFilter,
}: {
  group: AuditGroup;
  labels: SentenceLabels;
  onFilter: ((filters: AuditFilters) => void) | undefined;
}) {
  const links = useAuditLinks();
  const first = group.events[0] as AuditEvent;
  return (
    <Stack spacing={1.5} sx={{ mt: 1.5, p: 2, bgcolor: 'action.hover', borderRadius: 1 }}>
      {group.events.length > 1 ? (
        <Box>
          <Typography variant="subtitle2" component="p" gutterBottom>
            The {group.events.length} members
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 3 }}>
            {group.events.map((event) => {
              const to = links.target(event);
              return (
                <li key={event.id}>
                  {to ? (
                    <Link component={RouterLink} to={to}>
                      {event.target.name}
                    </Link>
                  ) : (
                    event.target.name
                  )}
                </li>
              );
            })}
          </Box>
        </Box>
      ) : null}
      <DiffList lines={diffLines(first, labels)} label="Before and after" />
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {first.source === 'console'
          ? 'In the console'
          : first.source === 'webhook-triggered'
            ? 'Through the API, in reaction to a webhook delivery'
            : 'Through the API (server-to-server)'}
        {first.ip ? ` · from ${first.ip}` : ''}
        {first.requestId ? ` · request ${first.requestId}` : ''}
      </Typography>
      {onFilter && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {filterOffers(first).map((offer) => (
            <Button
              key={offer.label}
              size="small"
              startIcon={<FilterAltOutlined />}
              onClick={() => onFilter(offer.filters)}
            >
              {offer.label}
            </Button>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardHeader from '@mui/material/CardHeader';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import type { AuditEvent } from '@team-access/contract';
import { Link as RouterLink } from 'react-router';
import { useSentenceLabels } from '@/domain/audit/components/audit-event-list.tsx';
import { auditLink } from '@/domain/audit/filters.ts';
import { eventSentence, sentenceText } from '@/domain/audit/sentence.ts';
import { paths } from '@/lib/paths.ts';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Where an event leads in the audit log: the events about its record, else those of its kind. */
function eventLink(event: AuditEvent): string {
  return event.target.id
    ? auditLink({ targetType: event.target.type as never, targetId: event.target.id })
    : auditLink({ action: event.action });
}

/** The audit log's latest changes, each a link to the audit screen. */
export function LatestChanges({ events }: { events: AuditEvent[] }) {
  const labels = useSentenceLabels();
  return (
    <Card component="section" aria-labelledby="latest-changes-title">
      <CardHeader
        title="Latest changes"
        slotProps={{ title: { id: 'latest-changes-title', component: 'h2', variant: 'h2' } }}
        action={
          <Button component={RouterLink} to={paths.audit} size="small">
            Open Audit
          </Button>
        }
        sx={{ flexWrap: 'wrap', rowGap: 1 }}
      />
      {events.length === 0 ? (
        <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
          Nothing changed yet. Changes to your team will show here as they happen.
        </Typography>
      ) : (
        <List aria-label="Latest changes, newest first" sx={{ pt: 0 }}>
          {events.map((event) => (
            <ListItem key={event.id} sx={{ display: 'block', overflowWrap: 'anywhere' }}>
              <Link component={RouterLink} to={eventLink(event)}>
                {sentenceText(eventSentence(event, labels))}
              </Link>
              <Typography variant="body2" color="text.secondary">
                {dateTimeFormat.format(new Date(event.createdAt))}
              </Typography>
            </ListItem>
          ))}
        </List>
      )}
    </Card>
  );
}

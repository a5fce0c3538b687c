import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardHeader from '@mui/material/CardHeader';
import { Link as RouterLink } from 'react-router';
import type { AuditFilters } from '../audit-api.ts';
import { type AuditListParams, auditLink } from '../filters.ts';
import { AuditEventList } from './audit-event-list.tsx';

/**
 * A page's Activity tab: the audit log narrowed to that member, role or organization, newest
 * first. It refreshes after every change made on the page (the audit queries' `meta.auditLog`).
 */
export function AuditActivity({
  filters,
  description,
  empty,
}: {
  filters: AuditFilters & Partial<Pick<AuditListParams, 'userId' | 'organizationId' | 'targetId'>>;
  description: string;
  empty: string;
}) {
  return (
    <Card component="section" aria-labelledby="activity-title">
      <CardHeader
        title="Activity"
        subheader={description}
        slotProps={{ title: { id: 'activity-title', component: 'h2', variant: 'h2' } }}
        action={
          <Button component={RouterLink} to={auditLink(filters)} size="small">
            Open in Audit
          </Button>
        }
        sx={{ flexWrap: 'wrap', rowGap: 1 }}
      />
      <AuditEventList
        filters={filters}
        headingLevel="h3"
        empty={{ title: 'Nothing recorded yet', description: empty }}
      />
    </Card>
  );
}

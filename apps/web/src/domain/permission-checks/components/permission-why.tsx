import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { LoadError } from '@/components/load-error.tsx';
import { auditApi } from '@/domain/audit/audit-api.ts';
import { auditLink } from '@/domain/audit/filters.ts';
import { paths } from '@/lib/paths.ts';
import { permissionCheckQueries } from '../queries.ts';
import { type WhyLine, whyWords } from '../why-words.ts';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayOf = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * "Why?" for one member and one permission (ADR 047): the check API's explanation in words, with
 * a link to each granting role's page and to the audit event that made each grant. Loads on
 * open; says so while loading, and offers Try again when it fails.
 */
export function PermissionWhy({
  userId,
  permission,
  memberName,
  permissionLabel,
  onNavigate,
}: {
  userId: string;
  permission: string;
  memberName: string;
  permissionLabel: string;
  /** Called when a link is followed (a popover closes). */
  onNavigate?: () => void;
}) {
  const check = useQuery(permissionCheckQueries.why(userId, permission));
  if (check.isPending) {
    return (
      <Box role="status" aria-busy="true" aria-label="Checking why">
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </Box>
    );
  }
  if (check.isError) {
    return (
      <LoadError error={check.error} onRetry={() => check.refetch()} retrying={check.isFetching}>
        Why could not be checked.
      </LoadError>
    );
  }
  const words = whyWords(check.data, { member: memberName, permission: permissionLabel });
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {words.verdict}
      </Typography>
      <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
        {words.lines.map((line) => (
          <Box component="li" key={line.text} sx={{ mt: 0.5 }}>
            <Typography variant="body2">{line.text}</Typography>
            <WhyLinks line={line} userId={userId} onNavigate={onNavigate} />
          </Box>
        ))}
      </Box>
    </Box>
  );
}

function WhyLinks({ line, userId, onNavigate }: { line: WhyLine; userId: string; onNavigate?: () => void }) {
  const eventId = line.auditEventId ?? undefined;
  const event = useQuery({
    queryKey: ['audit', 'event', eventId],
    queryFn: ({ signal }) => auditApi.get(eventId as string, signal),
    enabled: eventId !== undefined,
    meta: { silent: true },
  });
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, rowGap: 0.25 }}>
      {line.role && (
        <Link component={RouterLink} to={paths.role(line.role.id)} onClick={onNavigate} variant="body2">
          Open the role {line.role.name}
        </Link>
      )}
      {eventId !== undefined &&
        (event.data ? (
          <Link
            component={RouterLink}
            to={auditLink({
              targetType: 'user',
              targetId: userId,
              action: event.data.action,
              from: dayOf(event.data.createdAt),
              to: dayOf(event.data.createdAt),
            })}
            onClick={onNavigate}
            variant="body2"
          >
            {`Granted by ${event.data.actor?.name ?? 'a server-to-server call'} on ${dateTimeFormat.format(new Date(event.data.createdAt))}: open in Audit`}
          </Link>
        ) : event.isError ? (
          <Typography variant="body2" color="text.secondary">
            The audit event could not be loaded.
          </Typography>
        ) : (
          <Skeleton width={200} aria-hidden />
        ))}
    </Box>
  );
}

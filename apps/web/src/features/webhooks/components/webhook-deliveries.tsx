import CheckCircleOutlineOutlined from '@mui/icons-material/CheckCircleOutlineOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import ScheduleOutlined from '@mui/icons-material/ScheduleOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { WebhookDelivery } from '@team-access/contract';
import { LoadError } from '@/components/load-error.tsx';
import { StatusChip } from '@/components/status-chip.tsx';
import { useRedeliver } from '../api/mutations.ts';
import { webhookQueries } from '../api/queries.ts';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const STATUS = {
  pending: { label: 'Pending', tone: 'info', icon: <ScheduleOutlined /> },
  delivered: { label: 'Delivered', tone: 'success', icon: <CheckCircleOutlineOutlined /> },
  failed: { label: 'Failed', tone: 'error', icon: <ErrorOutlineOutlined /> },
} as const;

/** A webhook's latest deliveries with their tries; polled every 2 s while one is pending. */
export function WebhookDeliveries({ webhookId, url }: { webhookId: string; url: string }) {
  const deliveries = useQuery({
    ...webhookQueries.deliveries(webhookId),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'pending') ? 2_000 : false),
  });
  const redeliver = useRedeliver();
  if (deliveries.isError) {
    return (
      <LoadError error={deliveries.error} onRetry={() => deliveries.refetch()} retrying={deliveries.isFetching}>
        The deliveries could not be loaded.
      </LoadError>
    );
  }
  if (!deliveries.data) {
    return (
      <Stack spacing={1} role="status" aria-busy="true" aria-label={`Loading the deliveries to ${url}`}>
        <Skeleton variant="rounded" height={48} />
        <Skeleton variant="rounded" height={48} />
      </Stack>
    );
  }
  const items = deliveries.data.items;
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No deliveries yet. Send a test event, or make a change this webhook listens to.
      </Typography>
    );
  }
  return (
    <Box component="ul" aria-label={`Deliveries to ${url}`} sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {items.map((d) => (
        <Box
          component="li"
          key={d.id}
          sx={{ py: 1.5, borderTop: 1, borderColor: 'divider', '&:first-of-type': { borderTop: 0 } }}
        >
          <DeliveryRow
            delivery={d}
            redelivering={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
            onRedeliver={() => redeliver.mutate({ webhookId, deliveryId: d.id })}
          />
        </Box>
      ))}
    </Box>
  );
}

function DeliveryRow({
  delivery,
  redelivering,
  onRedeliver,
}: {
  delivery: WebhookDelivery;
  redelivering: boolean;
  onRedeliver: () => void;
}) {
  const status = STATUS[delivery.status];
  const last = delivery.attempts[0];
  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <StatusChip label={status.label} tone={status.tone} icon={status.icon} />
        <Typography variant="body2" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
          {delivery.eventType}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {when.format(new Date(delivery.createdAt))}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Button
          size="small"
          onClick={onRedeliver}
          loading={redelivering}
          aria-label={`Redeliver ${delivery.eventType} of ${when.format(new Date(delivery.createdAt))}`}
        >
          Redeliver
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {delivery.attemptCount === 0
          ? 'Not tried yet.'
          : `${delivery.attemptCount} ${delivery.attemptCount === 1 ? 'try' : 'tries'}`}
        {last &&
          ` · last: ${last.statusCode === null ? 'no answer' : `HTTP ${last.statusCode}`} in ${last.durationMs} ms${last.error && last.statusCode === null ? ` (${last.error})` : ''}`}
        {delivery.status === 'pending' && delivery.nextAttemptAt && delivery.attemptCount > 0
          ? ` · next try ${when.format(new Date(delivery.nextAttemptAt))}`
          : ''}
      </Typography>
      {delivery.attempts.length > 1 && (
        <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
          Tries:{' '}
          {delivery.attempts.map((a) => `#${a.attempt} ${a.statusCode ?? 'no answer'} (${a.durationMs} ms)`).join(', ')}
        </Typography>
      )}
    </Stack>
  );
}

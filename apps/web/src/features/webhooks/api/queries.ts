import { webhookRoutes } from '@team-access/contract/routes/webhooks';
import { callRoute } from '@/lib/api-client.ts';
import { screenQuery } from '@/lib/queries.ts';

/** The webhooks screen's reads (ADR 050). Deliveries are polled while one is pending. */
export const webhookQueries = {
  all: () => ['webhooks'] as const,
  list: () =>
    screenQuery([...webhookQueries.all(), 'list'] as const, (signal) =>
      callRoute(webhookRoutes.listWebhooks, { signal }),
    ),
  deliveries: (webhookId: string) =>
    screenQuery([...webhookQueries.all(), 'deliveries', webhookId] as const, (signal) =>
      callRoute(webhookRoutes.listWebhookDeliveries, { params: { webhookId }, query: { limit: 20 }, signal }),
    ),
};

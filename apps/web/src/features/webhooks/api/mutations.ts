import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateWebhook, UpdateWebhook, Webhook } from '@team-access/contract';
import { webhookRoutes } from '@team-access/contract/routes/webhooks';
import { callRoute } from '@/lib/api-client.ts';
import { useSilentMutation } from '@/lib/mutations.ts';
import { notify } from '@/lib/notifications.ts';
import { webhookQueries } from './queries.ts';

const TOAST = { group: 'webhooks' };

/** Add a webhook: the answer carries its secret, shown once by the screen. */
export function useCreateWebhook() {
  return useSilentMutation(
    (body: CreateWebhook) => callRoute(webhookRoutes.createWebhook, { body }),
    (queryClient, webhook) => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.all() });
      notify(`Webhook ${webhook.url} was added`, 'success', TOAST);
    },
  );
}

export function useUpdateWebhook() {
  return useSilentMutation(
    ({ webhook, body }: { webhook: Webhook; body: UpdateWebhook }) =>
      callRoute(webhookRoutes.updateWebhook, { params: { webhookId: webhook.id }, body }),
    (queryClient, webhook, { body }) => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.all() });
      const what =
        body.paused === true ? 'paused' : body.paused === false && Object.keys(body).length === 1 ? 'resumed' : 'saved';
      notify(`Webhook ${webhook.url} was ${what}`, 'success', TOAST);
    },
  );
}

/** Errors of the row actions below are toasts (no form to show them in). */
function useWebhookAction<T>(call: (webhook: Webhook) => Promise<T>, done: (webhook: Webhook) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (_answer, webhook) => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.all() });
      notify(done(webhook), 'success', TOAST);
    },
  });
}

export function useDeleteWebhook() {
  return useWebhookAction(
    (webhook) => callRoute(webhookRoutes.deleteWebhook, { params: { webhookId: webhook.id } }),
    (webhook) => `Webhook ${webhook.url} was deleted`,
  );
}

export function useRotateWebhookSecret() {
  return useWebhookAction(
    (webhook) => callRoute(webhookRoutes.rotateWebhookSecret, { params: { webhookId: webhook.id } }),
    () => 'A new signing secret was made: copy it now',
  );
}

export function useSendWebhookTest() {
  return useWebhookAction(
    (webhook) => callRoute(webhookRoutes.sendWebhookTest, { params: { webhookId: webhook.id } }),
    (webhook) => `A test event is on its way to ${webhook.url}`,
  );
}

export function useRedeliver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) =>
      callRoute(webhookRoutes.redeliverWebhookDelivery, { params: { webhookId, deliveryId } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: webhookQueries.all() });
      notify('The delivery will be sent again now', 'success', TOAST);
    },
  });
}

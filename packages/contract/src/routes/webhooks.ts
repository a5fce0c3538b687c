import {
  createWebhookSchema,
  listWebhookDeliveriesQuerySchema,
  updateWebhookSchema,
  webhookDeliveryListSchema,
  webhookDeliveryParamsSchema,
  webhookDeliverySchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '../webhooks.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/**
 * Tenant webhooks (ADR 050): an OWNER or ADMIN (or a server-to-server call) manages them; every
 * change is audited. The signing secret is in an answer twice only: at creation and at rotation.
 */
export const webhookRoutes = {
  listWebhooks: route({
    scope: 'webhooks:read',
    method: 'get',
    path: '/v2/client/webhooks',
    summary: "The tenant's webhooks, newest first, each with its latest delivery's status",
    responses: { 200: webhookListSchema },
  }),
  createWebhook: route({
    scope: 'webhooks:write',
    method: 'post',
    path: '/v2/client/webhooks',
    summary:
      'Add a webhook: an http(s) URL that does not resolve to a private, loopback or link-local address (unless WEBHOOK_ALLOW_PRIVATE), the events it receives; answers its signing secret, once',
    body: createWebhookSchema,
    responses: { 201: webhookWithSecretSchema },
  }),
  getWebhook: route({
    scope: 'webhooks:read',
    method: 'get',
    path: '/v2/client/webhooks/{webhookId}',
    summary: 'One webhook (never its secret)',
    params: webhookIdParamsSchema,
    responses: { 200: webhookSchema },
  }),
  updateWebhook: route({
    scope: 'webhooks:write',
    method: 'patch',
    path: '/v2/client/webhooks/{webhookId}',
    summary: 'Change a webhook: URL (checked as at creation), description, events, paused',
    params: webhookIdParamsSchema,
    body: updateWebhookSchema,
    responses: { 200: webhookSchema },
  }),
  deleteWebhook: route({
    scope: 'webhooks:write',
    method: 'delete',
    path: '/v2/client/webhooks/{webhookId}',
    summary: 'Delete a webhook and its deliveries (a delivery being sent at that moment still ends)',
    params: webhookIdParamsSchema,
    responses: { 204: null },
  }),
  rotateWebhookSecret: route({
    scope: 'webhooks:write',
    method: 'post',
    path: '/v2/client/webhooks/{webhookId}/rotate-secret',
    summary: 'A new signing secret, answered once; deliveries from now on are signed with it',
    params: webhookIdParamsSchema,
    responses: { 200: webhookWithSecretSchema },
  }),
  sendWebhookTest: route({
    scope: 'webhooks:write',
    method: 'post',
    path: '/v2/client/webhooks/{webhookId}/test',
    summary: 'Queue a `webhook.test` event for this webhook (delivered even when paused is false only)',
    params: webhookIdParamsSchema,
    responses: { 202: webhookDeliverySchema },
  }),
  listWebhookDeliveries: route({
    scope: 'webhooks:read',
    method: 'get',
    path: '/v2/client/webhooks/{webhookId}/deliveries',
    summary: "A webhook's deliveries, newest first, each with its latest tries (status code, duration, error)",
    params: webhookIdParamsSchema,
    query: listWebhookDeliveriesQuerySchema,
    responses: { 200: webhookDeliveryListSchema },
  }),
  redeliverWebhookDelivery: route({
    scope: 'webhooks:write',
    method: 'post',
    path: '/v2/client/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver',
    summary:
      'Send a delivery again now, with the same webhook-id (a delivered or failed one, or a pending one waiting for its next try)',
    params: webhookDeliveryParamsSchema,
    responses: { 202: webhookDeliverySchema },
    problems: { 409: ['conflict'] },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'webhooks', auth: 'client', browser: true } as const, r);
}

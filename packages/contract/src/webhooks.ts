import { z } from 'zod';
import { auditSourceSchema } from './audit.ts';
import { CONTROL_CHARACTERS_MESSAGE, NO_CONTROL_CHARACTERS } from './fields.ts';

/**
 * Tenant webhooks (issue 22, ADR 050). A webhook is a URL that receives, signed with the
 * Standard Webhooks scheme, an event for each change of the types it chose. The events are the
 * audit log's (the one event record): a delivery names the audit event it carries, and its
 * payload is built from that event.
 */

/** What a webhook may subscribe to. `user.signed_in` is opt-in: it is frequent. */
export const webhookEventTypes = [
  'user.created',
  'user.updated',
  'user.deleted',
  'user.permissions_changed',
  'user.signed_in',
  'role.created',
  'role.updated',
  'role.deleted',
  'role.permissions_changed',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organization.members_changed',
  'invitation.created',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export const webhookEventTypeSchema = z.enum(webhookEventTypes, {
  error: `Use one of ${webhookEventTypes.join(', ')}`,
});

/** The type of the event "Send test event" delivers (its audit event is a `webhook.test_sent`). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The event types a new webhook gets when it names none: every one but sign-ins. */
export const DEFAULT_WEBHOOK_EVENTS: readonly WebhookEventType[] = webhookEventTypes.filter(
  (t) => t !== 'user.signed_in',
);

/** Each event type in words, grouped by what it is about (the screen's checkboxes). */
export const webhookEventLabels: Record<WebhookEventType, { group: string; label: string }> = {
  'user.created': { group: 'Users', label: 'Added' },
  'user.updated': { group: 'Users', label: 'Changed (profile, access level, status)' },
  'user.deleted': { group: 'Users', label: 'Deleted' },
  'user.permissions_changed': { group: 'Users', label: 'Permissions or roles changed' },
  'user.signed_in': { group: 'Users', label: 'Signed in' },
  'role.created': { group: 'Roles', label: 'Created' },
  'role.updated': { group: 'Roles', label: 'Renamed or described' },
  'role.deleted': { group: 'Roles', label: 'Deleted' },
  'role.permissions_changed': { group: 'Roles', label: 'Permissions changed' },
  'organization.created': { group: 'Organizations', label: 'Created' },
  'organization.updated': { group: 'Organizations', label: 'Changed' },
  'organization.deleted': { group: 'Organizations', label: 'Deleted' },
  'organization.members_changed': { group: 'Organizations', label: 'Members added, changed or removed' },
  'invitation.created': { group: 'Invitations', label: 'Sent' },
  'invitation.resent': { group: 'Invitations', label: 'Sent again' },
  'invitation.revoked': { group: 'Invitations', label: 'Withdrawn' },
  'invitation.accepted': { group: 'Invitations', label: 'Accepted' },
};

/** The audit actions each event type carries (a `role.updated` that changed permissions is `role.permissions_changed`). */
const ACTION_EVENT: Record<string, WebhookEventType> = {
  'user.created': 'user.created',
  'user.updated': 'user.updated',
  'user.replaced': 'user.updated',
  'user.email_changed': 'user.updated',
  'user.deleted': 'user.deleted',
  'user.permissions_changed': 'user.permissions_changed',
  'user.roles_changed': 'user.permissions_changed',
  'auth.signed_in': 'user.signed_in',
  'role.created': 'role.created',
  'role.updated': 'role.updated',
  'role.deleted': 'role.deleted',
  'organization.created': 'organization.created',
  'organization.updated': 'organization.updated',
  'organization.deleted': 'organization.deleted',
  'organization.member_added': 'organization.members_changed',
  'organization.member_role_changed': 'organization.members_changed',
  'organization.member_removed': 'organization.members_changed',
  'invitation.sent': 'invitation.created',
  'invitation.resent': 'invitation.resent',
  'invitation.revoked': 'invitation.revoked',
  'invitation.accepted': 'invitation.accepted',
};

/**
 * The webhook event type an audit event is delivered as, or undefined when webhooks do not carry
 * it. `after` is the event's reduced `after` (the fields that changed).
 */
export function webhookEventTypeOf(action: string, after: unknown): WebhookEventType | undefined {
  const type = ACTION_EVENT[action];
  if (type === 'role.updated' && typeof after === 'object' && after !== null && 'permissions' in after) {
    return 'role.permissions_changed';
  }
  return type;
}

/**
 * The request header a client sets on a call it makes because of a webhook delivery, with the
 * delivery's `webhook-id`: the change is then recorded (and delivered) with source
 * `webhook-triggered`, so the client can skip its own echoes.
 */
export const WEBHOOK_TRIGGER_HEADER = 'x-triggered-by-webhook';

const descriptionSchema = z
  .string()
  .trim()
  .max(200, { error: 'Use at most 200 characters' })
  .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE });

/** An http(s) URL with no user name or password in it (they would be shown in the console). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, { error: 'Use at most 2000 characters' })
  .pipe(z.url({ protocol: /^https?$/, hostname: /./, error: 'Use an http:// or https:// address' }))
  .refine((s) => !/^https?:\/\/[^/?#]*@/i.test(s), {
    error: 'Leave the user name and password out of the address',
  });

const eventListSchema = z
  .array(webhookEventTypeSchema)
  .min(1, { error: 'Choose at least one event' })
  .max(webhookEventTypes.length)
  .transform((list) => [...new Set(list)]);

export const createWebhookSchema = z.strictObject({
  url: webhookUrlSchema,
  description: descriptionSchema.optional(),
  /** Left out: every event type but `user.signed_in`. */
  events: eventListSchema.optional(),
  paused: z.boolean().optional(),
});
export type CreateWebhook = z.input<typeof createWebhookSchema>;

export const updateWebhookSchema = z.strictObject({
  url: webhookUrlSchema.optional(),
  description: descriptionSchema.optional(),
  events: eventListSchema.optional(),
  /** Paused: no delivery is made, and events that happen meanwhile are not queued for it. */
  paused: z.boolean().optional(),
});
export type UpdateWebhook = z.input<typeof updateWebhookSchema>;

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(webhookEventTypeSchema),
  paused: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** When the secret was made or last rotated. */
  secretCreatedAt: z.iso.datetime(),
  /** The latest delivery's status, if any. */
  lastDelivery: z
    .object({ status: z.enum(['pending', 'delivered', 'failed']), createdAt: z.iso.datetime() })
    .nullable(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) });
export type WebhookList = z.infer<typeof webhookListSchema>;

/** Shown once: at creation and at rotation. `whsec_` + base64 of 32 random bytes (Standard Webhooks). */
export const webhookWithSecretSchema = webhookSchema.extend({ secret: z.string() });
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

export const webhookIdParamsSchema = z.object({ webhookId: z.uuid({ error: 'Use a webhook id' }) });
export const webhookDeliveryParamsSchema = webhookIdParamsSchema.extend({
  deliveryId: z.uuid({ error: 'Use a delivery id' }),
});

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;

/** One try at sending a delivery. */
export const webhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.iso.datetime(),
  /** The receiver's HTTP status; null when none came (refused address, timeout, connection error). */
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  /** Why it failed, in words; null for a 2xx. */
  error: z.string().nullable(),
  /** The first characters of the receiver's answer. */
  responseExcerpt: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookDeliverySchema = z.object({
  /** Also the `webhook-id` header the receiver sees: the same on every retry and redelivery. */
  id: z.uuid(),
  eventType: z.string(),
  /** The audit event the delivery carries (a test event is audited as `webhook.test_sent`). */
  auditEventId: z.uuid().nullable(),
  status: z.enum(webhookDeliveryStatuses),
  createdAt: z.iso.datetime(),
  /** When the next try is due (pending only). */
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  /** The tries, newest first (at most the last 10). */
  attempts: z.array(webhookAttemptSchema),
  attemptCount: z.number().int(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryListSchema>;

export const listWebhookDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** What a receiver gets (the body the signature covers). */
export const webhookPayloadSchema = z.object({
  /** A webhook event type, or `webhook.test`. */
  type: z.string(),
  /** When the change happened (the audit event's time). */
  timestamp: z.iso.datetime(),
  data: z.object({
    /** The audit event: the same id as in the audit log. */
    eventId: z.uuid(),
    /** The audit action behind the event type (`user.roles_changed` for a `user.permissions_changed`). */
    action: z.string(),
    tenantId: z.uuid(),
    subject: z.object({
      type: z.string(),
      id: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
    /** Who made the change; null for a server-to-server call. */
    actor: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable() }).nullable(),
    /** `console`, `api`, or `webhook-triggered` (a call that carried the trigger header): skip your own echoes. */
    source: auditSourceSchema,
    organizationId: z.uuid().nullable(),
    /** Exactly the fields that changed (a creation or deletion: the whole record). */
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  }),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Standard Webhooks: receivers refuse a `webhook-timestamp` further than this from their clock. */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 5 * 60;

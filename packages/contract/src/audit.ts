import { z } from 'zod';
import { CONTROL_CHARACTERS_MESSAGE, NO_CONTROL_CHARACTERS, PAGE_SIZE_MAX } from './fields.ts';

/**
 * The audit log: one event per thing changed, written in the change's transaction, never changed
 * or deleted by any route (only `AUDIT_RETENTION_DAYS` prunes old events, in the background).
 *
 * Names are captured when the event is written, so an event still reads "Ana Silva removed
 * bob@example.com" after both are deleted. `before`/`after` hold exactly the fields that changed;
 * inside a permission map only the keys that changed (a key that was absent is `null`).
 */

/**
 * What an event is about. `session` is a sign-in; `tenant` the account's settings; `api_key` one of
 * the tenant's API keys; `webhook` one of its webhooks; the rest are the console's resources.
 */
export const auditTargetTypes = [
  'user',
  'role',
  'organization',
  'invitation',
  'session',
  'tenant',
  'api_key',
  'webhook',
] as const;
export const auditTargetTypeSchema = z.enum(auditTargetTypes, {
  error: `Use one of ${auditTargetTypes.join(', ')}`,
});
export type AuditTargetType = z.infer<typeof auditTargetTypeSchema>;

/**
 * Where a change came from: `console` — through the BFF (the request carries a signed-in user's
 * session, or the BFF's X-Client-IP header, as on sign-in and mailed-link pages); `api` — a
 * server-to-server call with the tenant's credentials only; `webhook-triggered` — a
 * server-to-server call that named, in the `X-Triggered-By-Webhook` header, the webhook delivery
 * it reacts to (so its client can skip the echo of its own change, ADR 050).
 */
export const auditSources = ['console', 'api', 'webhook-triggered'] as const;
export const auditSourceSchema = z.enum(auditSources, { error: 'Use console, api or webhook-triggered' });
export type AuditSource = z.infer<typeof auditSourceSchema>;

/**
 * Every action the IAM records, each with the sentence a person reads (`{actor}`, `{target}` are
 * the captured names; the web fills the details from `changes`). A bulk request records one event
 * per user it changed, all with the request's `requestId`: the web reads consecutive events of one
 * request and action as one sentence ("Ana Silva added Marketing to 12 members").
 */
export const auditActionSentences = {
  'user.created': '{actor} added {target}',
  'user.bootstrapped_owner': '{target} was created as the first owner',
  'user.updated': "{actor} changed {target}'s {fields}",
  'user.deleted': '{actor} deleted {target}',
  'user.permissions_changed': '{actor} granted {granted} to / revoked {revoked} from {target}',
  'user.roles_changed': '{actor} gave {target} {added} / took {removed} from {target}',
  'user.password_set': "{actor} set {target}'s password",
  'user.password_changed': '{actor} changed their password',
  'user.password_check_failed': '{actor} typed a wrong current password',
  'user.password_reset': '{actor} set a new password from a reset link',
  'user.replaced': "{actor} replaced {target}'s {fields}",
  'user.password_change_required': '{actor} required {target} to choose a new password at next sign-in',
  'user.password_change_lifted': '{actor} no longer requires {target} to choose a new password',
  'user.email_verification_sent': 'An email verification link was sent to {target}',
  'user.email_verified': '{actor} confirmed their email address',
  'user.email_changed': '{actor} confirmed their new email address',
  'auth.session_revoked': "{actor} ended one of {target}'s sessions",
  'auth.sessions_revoked': "{actor} ended {target}'s sessions",
  'auth.signed_in': '{actor} signed in',
  'auth.signed_out': '{actor} signed out',
  'auth.sign_in_failed': 'A sign-in as {target} failed',
  'auth.session_ended': "{target}'s sessions were ended ({reason})",
  'auth.password_reset_requested': 'A password reset link was sent to {target}',
  'auth.two_step_failed': 'A second sign-in step as {target} failed',
  'user.two_step_enrolled': '{actor} turned on two-step sign-in with {factor}',
  'user.two_step_removed': '{actor} removed {factor} from their two-step sign-in',
  'user.recovery_codes_renewed': '{actor} made new recovery codes',
  'user.two_step_reset': "{actor} reset {target}'s two-step sign-in",
  'user.list_exported': '{actor} exported {count} members to CSV',
  'user.bulk_job_started': '{actor} started a bulk change of {total} members',
  'user.bulk_job_cancelled': '{actor} cancelled a bulk change',
  'user.list_imported': '{actor} imported a CSV of {count} rows ({changed} members created or changed)',
  'auth.recovery_code_used': '{actor} signed in with a recovery code',
  'tenant.two_step_policy_changed': '{actor} set who must use two-step sign-in to {policy}',
  'tenant.passkey_sign_in_changed': '{actor} turned signing in with a passkey alone {onOff}',
  'api_key.created': '{actor} created the API key {target} with {scopes}',
  'api_key.revoked': '{actor} revoked the API key {target}',
  'tenant.signing_key_rotated': 'The access-token signing key was rotated (new key {kid})',
  'role.created': '{actor} created the role {target}',
  'role.updated': '{actor} changed the role {target}',
  'role.deleted': '{actor} deleted the role {target}',
  'organization.created': '{actor} created the organization {target}',
  'organization.updated': '{actor} changed the organization {target}',
  'organization.deleted': '{actor} deleted the organization {target}',
  'organization.member_added': '{actor} added {member} to {target} as {orgRole}',
  'organization.member_role_changed': "{actor} changed {member}'s role in {target} to {orgRole}",
  'organization.member_removed': '{actor} removed {member} from {target}',
  'invitation.sent': '{actor} invited {target}',
  'invitation.resent': '{actor} sent the invitation to {target} again',
  'invitation.bulk_resend_started': '{actor} started resending {total} invitations',
  'invitation.bulk_resend_cancelled': '{actor} cancelled resending invitations',
  'invitation.revoked': '{actor} withdrew the invitation to {target}',
  'invitation.accepted': '{actor} accepted the invitation',
  'webhook.created': '{actor} added the webhook {target}',
  'webhook.updated': '{actor} changed the webhook {target}',
  'webhook.deleted': '{actor} deleted the webhook {target}',
  'webhook.secret_rotated': '{actor} rotated the signing secret of the webhook {target}',
  'webhook.test_sent': '{actor} sent a test event to the webhook {target}',
  'webhook.redelivery_requested': '{actor} asked for a delivery to the webhook {target} to be sent again',
} as const satisfies Record<string, string>;
export type AuditAction = keyof typeof auditActionSentences;
export const auditActions = Object.keys(auditActionSentences) as AuditAction[];

/**
 * A revert records the action of the change it makes (e.g. `user.roles_changed`) with
 * `revertsEventId` naming the original: the web reads it as "{actor} reverted …".
 *
 * Actions a revert can undo (restores `before` as a new change by the person reverting). A
 * `user.updated` or `user.replaced` is revertible only when it changed the access level, status,
 * permissions or roles; its profile fields are left as they are.
 */
export const REVERTIBLE_ACTIONS: readonly string[] = [
  'user.updated',
  'user.replaced',
  'user.permissions_changed',
  'user.roles_changed',
  'role.updated',
  'organization.member_added',
  'organization.member_role_changed',
  'organization.member_removed',
];
const REVERTIBLE_USER_FIELDS = new Set(['role', 'status', 'permissions', 'groups']);

/** One changed field: its value before and after (a permission map: only its changed keys). */
export const auditChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type AuditChange = z.infer<typeof auditChangeSchema>;

export const auditEventSchema = z.object({
  id: z.uuid(),
  action: z.string(),
  /** Who did it, as they were named then; null for a server-to-server call (source `api`). */
  actor: z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() }).nullable(),
  /** What it was done to, as it was named then. `id` is null for a failed sign-in of an unknown email. */
  target: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  /** The organization the event belongs to (org admins read these); null for tenant-wide events. */
  organizationId: z.uuid().nullable(),
  source: auditSourceSchema,
  /** The client's address (the browser's, as the BFF saw it, for `console`). */
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  /** Exactly the fields that changed, the screens' field names left to the web. */
  changes: z.array(auditChangeSchema),
  /** The changed fields before and after, as objects (the same data as `changes`). */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  /** The names of the roles a `groups` change refers to by id, as they were then. */
  roleNames: z.record(z.string(), z.string()),
  /** Set on a revert: the event it undid. */
  revertsEventId: z.uuid().nullable(),
  /** Set when a later revert undid this event. */
  revertedByEventId: z.uuid().nullable(),
  /** Whether a revert may be offered: a revertible action, not yet reverted (rights checked on preview). */
  revertible: z.boolean(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** Whether an event's action and changes are of a kind a revert can undo (not who may). */
export function isRevertibleChange(e: Pick<AuditEvent, 'action' | 'changes'>): boolean {
  if (!REVERTIBLE_ACTIONS.includes(e.action)) return false;
  if (e.action === 'user.updated' || e.action === 'user.replaced')
    return e.changes.some((c) => REVERTIBLE_USER_FIELDS.has(c.field));
  return e.changes.length > 0;
}

/** A page of the audit log, newest first. No total: counting a million events is not free. */
export const auditEventPageSchema = z.object({
  items: z.array(auditEventSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditEventPage = z.infer<typeof auditEventPageSchema>;

const ACTION_PATTERN = /^[a-z_]+\.[a-z_]+$/;

/** `action=user.created,user.updated`: one or several actions, comma-separated. */
const actionFilterSchema = z
  .string()
  .max(1000)
  .transform((s, ctx) => {
    const actions = [
      ...new Set(
        s
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      ),
    ];
    const bad = actions.find((a) => !ACTION_PATTERN.test(a));
    if (bad !== undefined || actions.length === 0 || actions.length > 50) {
      ctx.addIssue({ code: 'custom', message: 'Use one or more actions separated by commas, e.g. user.created' });
      return z.NEVER;
    }
    return actions;
  })
  .optional();

/**
 * The filters of the list and the export; all given ones must hold (AND). `userId` is "by or
 * about this user" (the member page's Activity); `actorId` and `targetId` are exact.
 */
export const auditFilterFields = {
  actorId: z.uuid({ error: 'Use a user id' }).optional(),
  targetType: auditTargetTypeSchema.optional(),
  /** Needs `targetType`. */
  targetId: z.string().min(1).max(100).optional(),
  userId: z.uuid({ error: 'Use a user id' }).optional(),
  action: actionFilterSchema,
  organizationId: z.uuid({ error: 'Use an organization id' }).optional(),
  source: auditSourceSchema.optional(),
  /** From this instant (inclusive), ISO 8601 with offset. */
  from: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' }).optional(),
  /** Up to this instant (exclusive). */
  to: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 date-time, e.g. 2026-12-31T00:00:00Z' }).optional(),
  /**
   * Free text over the captured actor and target names and emails (at least 2 characters). A
   * whole email address matches the events whose actor or target has exactly that address.
   */
  q: z
    .string()
    .max(100)
    .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE })
    .transform((s) => s.trim())
    .optional(),
};

function refineFilters(
  query: { targetType?: string | undefined; targetId?: string | undefined; from?: string; to?: string },
  ctx: z.RefinementCtx,
) {
  if (query.targetId !== undefined && query.targetType === undefined) {
    ctx.addIssue({ code: 'custom', path: ['targetType'], message: 'Name the target type with targetId' });
  }
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'Use a time after from' });
  }
}

export const listAuditEventsQuerySchema = z
  .strictObject({
    ...auditFilterFields,
    limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
    cursor: z.string().max(512).optional(),
  })
  .superRefine(refineFilters);
export type ListAuditEventsQuery = z.input<typeof listAuditEventsQuerySchema>;

export const auditExportFormats = ['csv', 'ndjson'] as const;
export const exportAuditEventsQuerySchema = z
  .strictObject({ ...auditFilterFields, format: z.enum(auditExportFormats, { error: 'Use csv or ndjson' }) })
  .superRefine(refineFilters);
export type ExportAuditEventsQuery = z.input<typeof exportAuditEventsQuerySchema>;

/** The CSV export's columns, in order (`changes` is the JSON of the changes array). */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'createdAt',
  'action',
  'actorId',
  'actorName',
  'actorEmail',
  'targetType',
  'targetId',
  'targetName',
  'organizationId',
  'source',
  'ip',
  'requestId',
  'revertsEventId',
  'changes',
] as const;

export const auditEventIdParamsSchema = z.object({ eventId: z.uuid({ error: 'Use an event id' }) });

/* ---------------------------------------------------------------------------------------------
 * Revert (implemented on branch audit-revert). Dry run first, then apply with what the dry run
 * answered as `expected`:
 * - preview: what will change back (`changes`: field, current value → restored value) and, in
 *   `conflicts`, the fields the target changed in since the event (value the event left → now).
 * - apply with `expected` from the preview: if the target is still as the preview saw it, the
 *   revert is applied even when there were conflicts (the person confirmed after seeing them);
 *   if the target changed since the preview, 409 `revert_conflict` naming the fields in errors[].
 * Refusals: 404 event unknown or not visible; 403 the person could not make this change; 409
 * `not_revertible` (an action a revert cannot undo, already reverted, target gone); 409
 * `last_owner` and the other rules of the change itself.
 * ------------------------------------------------------------------------------------------- */

/**
 * One field a revert puts back: its value now, and the value it gets (the event's `before`).
 * Scalars (`role`, `status`, `name`, `description`, `orgRole` — null: not a member) as they are;
 * sets as maps of flags over exactly the keys the event changed, limited to those that differ:
 * `permissions` {key: granted} (a user's direct grants, or a role's permissions), `groups`
 * {roleId: held} (names in the preview's `roleNames`). Keys the event did not change stay as they are.
 */
export const revertFieldSchema = z.object({ field: z.string(), current: z.unknown(), restored: z.unknown() });
/** A field the target changed in since the event: what the event left, and what it is now. */
export const revertConflictSchema = z.object({ field: z.string(), expected: z.unknown(), current: z.unknown() });

export const auditRevertPreviewSchema = z.object({
  eventId: z.uuid(),
  target: auditEventSchema.shape.target,
  /** Exactly what will change back; empty when the target already is as before the event. */
  changes: z.array(revertFieldSchema),
  /** Fields changed since the event; a revert then needs the person to confirm (apply with `expected`). */
  conflicts: z.array(revertConflictSchema),
  /** Pass to apply: it stands for the target's state this preview saw (its version). */
  expected: z.string(),
  /** The names of the roles the `groups` field names (as they are now; as the event captured a deleted one). */
  roleNames: z.record(z.string(), z.string()),
});
export type AuditRevertPreview = z.infer<typeof auditRevertPreviewSchema>;

export const applyAuditRevertSchema = z.strictObject({
  /** The preview's `expected`: the revert applies only to the state the person saw. */
  expected: z.string().min(1).max(200),
});
export type ApplyAuditRevert = z.input<typeof applyAuditRevertSchema>;

export const auditRevertResultSchema = z.object({
  /** The new event recording the revert (`revertsEventId` = the original). */
  event: auditEventSchema,
});
export type AuditRevertResult = z.infer<typeof auditRevertResultSchema>;

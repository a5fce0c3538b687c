import { z } from 'zod';
import { BULK_APPLY_MAX, BULK_SAMPLE_SIZE } from './bulk.ts';
import { listInvitationsQuerySchema } from './invitations.ts';

/**
 * Resend many invitations at once (issue 18, ADR 042): the invitations list's selection model
 * (rows, or every invitation its filter matches, resolved by the server), a dry run that says who
 * is mailed again and who is skipped and why, and the apply: up to BULK_APPLY_MAX in one request,
 * more as a job on the one runner. Each resend is the single resend's (a new link, the lifetime
 * counted again, the mail, an `invitation.resent` event).
 */

/** The invitations list's filters, spelled as its query string spells them. */
export const invitationFilterSchema = listInvitationsQuerySchema
  .pick({ search: true, status: true, organizationId: true })
  .strict();
export type InvitationFilter = z.input<typeof invitationFilterSchema>;

export const invitationSelectionSchema = z
  .strictObject({
    invitationIds: z
      .array(z.uuid({ error: 'Use invitation ids' }))
      .min(1)
      .max(BULK_APPLY_MAX)
      .refine((ids) => new Set(ids).size === ids.length, { error: 'Each invitation once' })
      .optional(),
    filter: invitationFilterSchema.optional(),
  })
  .refine((s) => (s.invitationIds === undefined) !== (s.filter === undefined), {
    error: 'Send either invitationIds or filter',
  });
export type InvitationSelection = z.input<typeof invitationSelectionSchema>;

export const invitationResendSchema = z.strictObject({ selection: invitationSelectionSchema });
export type InvitationResend = z.input<typeof invitationResendSchema>;

/**
 * Why an invitation is not mailed again: it was accepted or revoked; it was sent within the resend
 * interval; it was sent the most times an invitation may be; it grants what the caller may not
 * send; the caller's hourly sending budget ran out. An expired invitation is resent (with a new
 * lifetime), as the single resend does.
 */
export const invitationResendSkipReasons = [
  'accepted',
  'revoked',
  'just_sent',
  'send_limit',
  'forbidden',
  'hourly_limit',
] as const;
export const invitationResendSkipReasonSchema = z.enum(invitationResendSkipReasons);
export type InvitationResendSkipReason = z.infer<typeof invitationResendSkipReasonSchema>;

export const invitationResendItemSchema = z.object({
  invitationId: z.uuid(),
  email: z.string(),
  /** "pending, sent 2 times", "expired 3 days ago", or why it is skipped. */
  detail: z.string(),
});
export type InvitationResendItem = z.infer<typeof invitationResendItemSchema>;

/** The dry run: what resending now would mail, and who it would skip and why. */
export const invitationResendPlanSchema = z.object({
  /** Invitations the selection resolves to now. */
  total: z.number().int().nonnegative(),
  resent: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Up to BULK_SAMPLE_SIZE of the invitations mailed again. */
  sample: z.array(invitationResendItemSchema).max(BULK_SAMPLE_SIZE),
  skippedReasons: z.array(
    z.object({
      reason: invitationResendSkipReasonSchema,
      count: z.number().int().positive(),
      sample: z.array(invitationResendItemSchema).max(BULK_SAMPLE_SIZE),
    }),
  ),
});
export type InvitationResendPlan = z.infer<typeof invitationResendPlanSchema>;

/** An applied resend of up to BULK_APPLY_MAX: the plan it applied and who was mailed. */
export const invitationResendResultSchema = invitationResendPlanSchema.extend({
  resentIds: z.array(z.uuid()),
});
export type InvitationResendResult = z.infer<typeof invitationResendResultSchema>;

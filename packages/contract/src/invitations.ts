import { z } from 'zod';
import { keysetPageQuery, keysetPageSchema, searchQuerySchema } from './fields.ts';
import { orgRoleSchema } from './organizations.ts';
import { fieldErrorSchema } from './problem.ts';
import {
  accessLevelSchema,
  emailSchema,
  passwordSchema,
  permissionKeySchema,
  personNameSchema,
  roleIdsSchema,
} from './user.ts';

/**
 * Invitations: how people join a tenant (and, optionally, one of its organizations). The invite
 * carries everything the person will get; accepting it creates the account with exactly that
 * (or, for someone who already has an account in the tenant, adds them to the organization).
 * ADR 014 has the lifecycle.
 */

export const INVITATION_TTL_DAYS_DEFAULT = 7;
export const INVITATION_TTL_DAYS_MAX = 30;
/** Rows per bulk request; the web app sends a CSV in chunks of this size and reports progress. */
export const BULK_INVITATION_ROWS_MAX = 100;
/** A pending invitation can be resent at most this often, and this many times in all. */
export const INVITATION_RESEND_INTERVAL_SECONDS = 60;
export const INVITATION_SENDS_MAX = 5;
/** Invitations one person may send per hour (each row of a bulk request counts). */
export const INVITATIONS_PER_HOUR_MAX = 500;
/** A password reset link lasts one hour. */
export const PASSWORD_RESET_TTL_MINUTES = 60;
/** Reset mails per account per hour; past it the request answers the same and sends nothing. */
export const PASSWORD_RESETS_PER_HOUR_MAX = 3;

export const invitationStatuses = ['pending', 'accepted', 'revoked', 'expired'] as const;
export const invitationStatusSchema = z.enum(invitationStatuses);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

/** `POST /v2/client/invitations`: one person, with what they will get. */
export const createInvitationSchema = z
  .strictObject({
    email: emailSchema,
    role: accessLevelSchema.default('MEMBER'),
    groups: roleIdsSchema.default([]),
    permissions: z.record(permissionKeySchema, z.boolean()).default({}),
    organizationId: z.uuid({ error: 'Use an organization id' }).optional(),
    /** The org role in `organizationId`; ORG_MEMBER when left out. */
    organizationRole: orgRoleSchema.optional(),
    expiresInDays: z
      .number({ error: 'Use a whole number of days' })
      .int({ error: 'Use a whole number of days' })
      .min(1, { error: 'Use at least 1 day' })
      .max(INVITATION_TTL_DAYS_MAX, { error: `Use at most ${INVITATION_TTL_DAYS_MAX} days` })
      .default(INVITATION_TTL_DAYS_DEFAULT),
  })
  .superRefine((body, ctx) => {
    if (body.organizationRole !== undefined && body.organizationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['organizationRole'], message: 'Choose an organization first' });
    }
  });
export type CreateInvitation = z.input<typeof createInvitationSchema>;

export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  status: invitationStatusSchema,
  role: accessLevelSchema,
  /** The roles the person will hold (ids and names; a role deleted since is left out). */
  roles: z.array(z.object({ id: z.uuid(), name: z.string() })),
  permissions: z.record(z.string(), z.boolean()),
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
  organizationRole: orgRoleSchema.nullable(),
  /** Who sent it; null fields when the sender was a server-to-server call or has been deleted. */
  invitedBy: z.object({ userId: z.uuid().nullable(), email: z.string().nullable(), name: z.string().nullable() }),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  lastSentAt: z.iso.datetime(),
  sendCount: z.number().int().positive(),
  acceptedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  /** The account the invitation created or joined, once accepted. */
  acceptedUserId: z.uuid().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const listInvitationsQuerySchema = z.strictObject({
  search: searchQuerySchema,
  status: invitationStatusSchema.optional(),
  organizationId: z.uuid({ error: 'Use an organization id' }).optional(),
  ...keysetPageQuery,
});
export type ListInvitationsQuery = z.input<typeof listInvitationsQuerySchema>;

/** Newest first, keyset paged. */
export const invitationListSchema = keysetPageSchema(invitationSchema);
export type InvitationList = z.infer<typeof invitationListSchema>;

export const invitationIdParamsSchema = z.object({ invitationId: z.uuid({ error: 'Use an invitation id' }) });

/**
 * `POST /v2/client/invitations/bulk`: each row is checked on its own (as `createInvitationSchema`),
 * so one bad row fails alone and the others are still sent.
 */
export const bulkInvitationSchema = z.strictObject({
  rows: z
    .array(z.unknown())
    .min(1, { error: 'Send at least one row' })
    .max(BULK_INVITATION_ROWS_MAX, { error: `Send at most ${BULK_INVITATION_ROWS_MAX} rows per request` }),
});
export type BulkInvitation = { rows: CreateInvitation[] };

export const bulkInvitationOutcomes = ['sent', 'skipped', 'failed'] as const;
export const bulkInvitationRowResultSchema = z.object({
  /** The row's position in `rows`. */
  index: z.number().int().nonnegative(),
  email: z.string().nullable(),
  outcome: z.enum(bulkInvitationOutcomes),
  /** Why a row was skipped or failed: `already_member`, `already_invited`, `validation_failed`, `forbidden`… */
  code: z.string().nullable(),
  detail: z.string().nullable(),
  /** Field errors of a failed row, paths relative to the row (`email`, `groups.0`…). */
  errors: z.array(fieldErrorSchema),
  invitation: invitationSchema.nullable(),
});
export type BulkInvitationRowResult = z.infer<typeof bulkInvitationRowResultSchema>;
export const bulkInvitationResultSchema = z.object({
  items: z.array(bulkInvitationRowResultSchema),
  sent: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type BulkInvitationResult = z.infer<typeof bulkInvitationResultSchema>;

/** The secret from a mailed link: base64url, as the IAM API makes it (256 bits). */
export const linkTokenSchema = z
  .string({ error: 'The link is incomplete' })
  .min(22, { error: 'The link is incomplete' })
  .max(128, { error: 'The link is not valid' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'The link is not valid' });

export const invitationTokenSchema = z.strictObject({ token: linkTokenSchema });
export type InvitationToken = z.infer<typeof invitationTokenSchema>;

/** What the accept page shows before the person decides: never more than the invitee may know. */
export const invitationPreviewSchema = z.object({
  email: z.email(),
  tenantName: z.string(),
  invitedBy: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  organization: z.object({ name: z.string() }).nullable(),
  organizationRole: orgRoleSchema.nullable(),
  role: accessLevelSchema,
  expiresAt: z.iso.datetime(),
  /** True when the email already has an account in the tenant: accepting then joins the organization, no password asked. */
  accountExists: z.boolean(),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/**
 * `POST /v2/client/invitations/accept`. A new person sends names and a password (the policy);
 * someone who already has an account sends only the token.
 */
export const acceptInvitationSchema = z.strictObject({
  token: linkTokenSchema,
  firstName: personNameSchema.optional(),
  lastName: personNameSchema.optional(),
  password: passwordSchema.optional(),
});
export type AcceptInvitation = z.input<typeof acceptInvitationSchema>;
export const acceptInvitationResultSchema = z.object({
  email: z.email(),
  /** `created`: a new account, sign in with the new password; `joined`: an existing account joined the organization. */
  outcome: z.enum(['created', 'joined']),
  organization: z.object({ name: z.string() }).nullable(),
});
export type AcceptInvitationResult = z.infer<typeof acceptInvitationResultSchema>;

/** `POST /v2/client/auth/password-reset`: always 202, whether or not the account exists. */
export const requestPasswordResetSchema = z.strictObject({ email: emailSchema });
export type RequestPasswordReset = z.infer<typeof requestPasswordResetSchema>;
export const passwordResetTokenSchema = z.strictObject({ token: linkTokenSchema });
export const passwordResetPreviewSchema = z.object({ email: z.email(), expiresAt: z.iso.datetime() });
export type PasswordResetPreview = z.infer<typeof passwordResetPreviewSchema>;
export const completePasswordResetSchema = z.strictObject({ token: linkTokenSchema, password: passwordSchema });
export type CompletePasswordReset = z.infer<typeof completePasswordResetSchema>;

/** A mailed verification link's token, as the link page sends it. */
export const emailVerificationTokenSchema = z.strictObject({ token: linkTokenSchema });
export type EmailVerificationToken = z.infer<typeof emailVerificationTokenSchema>;

/** What following a verification link did: proved the current address, or moved to the new one. */
export const emailVerificationResultSchema = z.object({
  email: z.email(),
  outcome: z.enum(['verified', 'changed']),
});
export type EmailVerificationResult = z.infer<typeof emailVerificationResultSchema>;

import { z } from 'zod';
import { orgRoleSchema } from './organizations.ts';
import { accessLevelSchema, listUsersQuerySchema, permissionKeySchema } from './user.ts';

/**
 * Bulk actions on team members (issue 18): a selection (explicit ids, or the users list's filter
 * resolved by the server), an action, a dry run that answers exactly what applying would change
 * and who is skipped and why, and the apply that re-plans on the server and applies that.
 */

/** Members one synchronous, all-or-nothing apply changes at most; more run as a job in chunks. */
export const BULK_APPLY_MAX = 1000;
/** How many members a plan names as a sample of its changes and of each skipped reason. */
export const BULK_SAMPLE_SIZE = 10;

/** The users list's filters (`GET /v2/client/multi-user`), spelled as its query string spells them. */
export const bulkFilterSchema = listUsersQuerySchema
  .pick({
    search: true,
    email: true,
    role: true,
    status: true,
    group: true,
    organizationId: true,
    emailVerified: true,
    resetPw: true,
    mfa: true,
  })
  .strict();
export type BulkFilter = z.input<typeof bulkFilterSchema>;

/** Exactly these members, or every member the list's filter matches when the server plans or applies. */
export const bulkSelectionSchema = z
  .strictObject({
    userIds: z
      .array(z.uuid({ error: 'Use user ids' }))
      .min(1)
      .max(BULK_APPLY_MAX)
      .refine((ids) => new Set(ids).size === ids.length, { error: 'Each member once' })
      .optional(),
    filter: bulkFilterSchema.optional(),
  })
  .refine((s) => (s.userIds === undefined) !== (s.filter === undefined), { error: 'Send either userIds or filter' });
export type BulkSelection = z.input<typeof bulkSelectionSchema>;

const roleIds = z
  .array(z.uuid({ error: 'Use role ids' }))
  .min(1)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'Each role once' });
const keys = z
  .array(permissionKeySchema)
  .min(1)
  .max(100)
  .refine((list) => new Set(list).size === list.length, { error: 'Each permission once' });
const organizationId = z.uuid({ error: 'Use an organization id' });

export const bulkActionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('activate') }),
    z.strictObject({ type: z.literal('deactivate') }),
    z.strictObject({ type: z.literal('setAccessLevel'), role: accessLevelSchema }),
    z.strictObject({ type: z.literal('addRoles'), roleIds }),
    z.strictObject({ type: z.literal('removeRoles'), roleIds }),
    z.strictObject({ type: z.literal('addToOrganization'), organizationId, orgRole: orgRoleSchema }),
    z.strictObject({ type: z.literal('removeFromOrganization'), organizationId }),
    z.strictObject({ type: z.literal('grantPermissions'), keys }),
    z.strictObject({ type: z.literal('revokePermissions'), keys }),
    z.strictObject({ type: z.literal('delete') }),
  ],
  {
    error:
      'Use activate, deactivate, setAccessLevel, addRoles, removeRoles, addToOrganization, removeFromOrganization, grantPermissions, revokePermissions or delete',
  },
);
export type BulkAction = z.infer<typeof bulkActionSchema>;
export type BulkActionType = BulkAction['type'];

export const bulkChangeSchema = z.strictObject({ selection: bulkSelectionSchema, action: bulkActionSchema });
export type BulkChange = z.input<typeof bulkChangeSchema>;

/** Why a member is left out of a bulk change. */
export const bulkSkipReasons = [
  'self',
  'owner',
  'forbidden',
  'last_owner',
  'last_org_owner',
  'invited',
  'unchanged',
] as const;
export const bulkSkipReasonSchema = z.enum(bulkSkipReasons);
export type BulkSkipReason = z.infer<typeof bulkSkipReasonSchema>;

export const bulkMemberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  /** What the change does to this member ("inactive → active", "gains Marketing"), or why it is skipped. */
  detail: z.string(),
});
export type BulkMember = z.infer<typeof bulkMemberSchema>;

/** The dry run: what applying now would change, and who it would skip and why. */
export const bulkPlanSchema = z.object({
  action: bulkActionSchema,
  /** Members the selection resolves to now. */
  total: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Up to BULK_SAMPLE_SIZE of the members who change. */
  sample: z.array(bulkMemberSchema),
  skippedReasons: z.array(
    z.object({
      reason: bulkSkipReasonSchema,
      count: z.number().int().positive(),
      /** Up to BULK_SAMPLE_SIZE of the members skipped for this reason. */
      sample: z.array(bulkMemberSchema),
    }),
  ),
});
export type BulkPlan = z.infer<typeof bulkPlanSchema>;

/** One reverse step of an applied change: applying it undoes exactly what was changed. */
export const bulkUndoStepSchema = z.object({
  selection: z.object({ userIds: z.array(z.uuid()) }),
  action: bulkActionSchema,
});
export type BulkUndoStep = z.infer<typeof bulkUndoStepSchema>;

/** An applied change: the plan it applied, who changed, and the reverse plan (empty when there is none). */
export const bulkResultSchema = bulkPlanSchema.extend({
  changedUserIds: z.array(z.uuid()),
  undo: z.array(bulkUndoStepSchema),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** Members a job changes per chunk: each chunk is one all-or-nothing transaction. */
export const BULK_JOB_CHUNK = 250;

export const jobStatuses = ['queued', 'running', 'done', 'cancelled', 'failed'] as const;

/** What a job does: a bulk change of members, or a resend of invitations (ADR 042). */
export const jobKinds = ['bulk_change', 'invitation_resend'] as const;

/** A job (ADR 035): a bulk change of more than BULK_APPLY_MAX members, or a resend of as many invitations, run in chunks. */
export const jobSchema = z.object({
  id: z.uuid(),
  kind: z.enum(jobKinds),
  status: z.enum(jobStatuses),
  /** The bulk action a `bulk_change` applies (an undo: the action it reverses); null for `invitation_resend`. */
  action: bulkActionSchema.nullable(),
  total: z.number().int().nonnegative(),
  /** Members with an outcome so far: changed + skipped + failed. */
  processed: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cancelRequested: z.boolean(),
  /** Why the job as a whole stopped (its starter may no longer act, …); null otherwise. */
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** The job this one undoes (its items each carry their member's reverse action); null otherwise. */
  undoOf: z.uuid().nullable(),
  /** The job that undoes this one, once asked for; null otherwise. */
  undoneBy: z.uuid().nullable(),
  /**
   * Whether `POST …/jobs/{jobId}/undo` would start an undo now: the job finished successfully
   * (done), changed someone with something to undo (not a delete), is no undo itself, and was not
   * undone yet.
   */
  undoable: z.boolean(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobIdParamsSchema = z.object({ jobId: z.uuid({ error: 'Use a job id' }) });

import { z } from 'zod';
import { accessLevelSchema } from './user.ts';

/**
 * Permission checks (issue 22, ADR 047): the client's own apps ask whether a user holds a
 * permission, one pair or up to PERMISSION_CHECKS_MAX per call, answered from the same grants the
 * matrix edits (direct map, roles, the OWNER access level), never from a cache.
 */

/** The most pairs one call may check. */
export const PERMISSION_CHECKS_MAX = 1_000;

export const permissionCheckSchema = z.strictObject({
  userId: z.uuid({ error: 'Use a user id' }),
  /** Any key: one the tenant's catalog does not know is answered `unknown_permission`, not a 400. */
  permission: z.string({ error: 'Name a permission key' }).min(1, { error: 'Name a permission key' }).max(100),
});
export type PermissionCheck = z.infer<typeof permissionCheckSchema>;

export const permissionChecksRequestSchema = z
  .strictObject({
    checks: z
      .array(permissionCheckSchema)
      .min(1, { error: 'Check at least one pair' })
      .max(PERMISSION_CHECKS_MAX, { error: `Check at most ${PERMISSION_CHECKS_MAX} pairs per call` }),
    /** Answer why, with each result: the grants, the access level, or what refuses it. */
    explain: z.boolean().optional(),
  })
  .meta({
    examples: [
      {
        checks: [
          { userId: '0b6e2f4c-8f1a-4c52-9d7e-3a1f5b2c9e10', permission: 'Checkout' },
          { userId: '0b6e2f4c-8f1a-4c52-9d7e-3a1f5b2c9e10', permission: 'webhooks' },
        ],
        explain: true,
      },
    ],
  });
export type PermissionChecksRequest = z.infer<typeof permissionChecksRequestSchema>;

/** The audit event that made a grant (the latest that did, while the log retains it), so a screen can link it. */
const grantEvent = z.uuid().nullable();

/**
 * One reason of an answer. Grants (each is enough on its own for an active user): `direct`,
 * `role` (one per role that grants it), `access_level` (an OWNER holds every permission, ADR 018).
 * Refusals: `deactivated` (never allowed, whatever it holds), `invitation_pending` (has not
 * joined yet), `unknown_permission` (not in the tenant's catalog), `unknown_user` (no such user in
 * this tenant), `not_granted` (an active member nothing grants it to).
 */
export const permissionCheckReasonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct'), auditEventId: grantEvent }),
  z.object({
    type: z.literal('role'),
    role: z.object({ id: z.uuid(), name: z.string() }),
    auditEventId: grantEvent,
  }),
  z.object({ type: z.literal('access_level'), accessLevel: accessLevelSchema }),
  z.object({ type: z.literal('deactivated') }),
  z.object({ type: z.literal('invitation_pending') }),
  z.object({ type: z.literal('unknown_permission') }),
  z.object({ type: z.literal('unknown_user') }),
  z.object({ type: z.literal('not_granted') }),
]);
export type PermissionCheckReason = z.infer<typeof permissionCheckReasonSchema>;
export type PermissionCheckReasonType = PermissionCheckReason['type'];

export const permissionCheckResultSchema = z.object({
  userId: z.uuid(),
  permission: z.string(),
  allowed: z.boolean(),
  /** With `explain: true` only: grants first (direct, roles by name, access level), then what refuses. */
  reasons: z.array(permissionCheckReasonSchema).optional(),
});
export type PermissionCheckResult = z.infer<typeof permissionCheckResultSchema>;

export const permissionChecksResultSchema = z
  .object({
    /** One result per pair, in the request's order. */
    results: z.array(permissionCheckResultSchema),
  })
  .meta({
    examples: [
      {
        results: [
          {
            userId: '0b6e2f4c-8f1a-4c52-9d7e-3a1f5b2c9e10',
            permission: 'Checkout',
            allowed: true,
            reasons: [
              { type: 'direct', auditEventId: '5d0c3b7a-2e14-4f7b-8a90-6c1d2e3f4a5b' },
              {
                type: 'role',
                role: { id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', name: 'Sales' },
                auditEventId: null,
              },
            ],
          },
          {
            userId: '0b6e2f4c-8f1a-4c52-9d7e-3a1f5b2c9e10',
            permission: 'webhooks',
            allowed: false,
            reasons: [{ type: 'unknown_permission' }],
          },
        ],
      },
    ],
  });
export type PermissionChecksResult = z.infer<typeof permissionChecksResultSchema>;

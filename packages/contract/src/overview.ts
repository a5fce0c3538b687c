import { z } from 'zod';
import { auditEventSchema } from './audit.ts';
import { accessLevels, userStatuses } from './user.ts';

/**
 * The overview an OWNER or ADMIN lands on (issue 19): the team in figures, answered by one request
 * (`GET /v2/client/overview`) from indexed aggregates (ADR 040).
 */

/** A pending invitation is "expiring" when it runs out within this many hours. */
export const INVITATION_EXPIRING_HOURS = 72;
/** The sign-in chart's span, in days (today included). */
export const OVERVIEW_SIGN_IN_DAYS = 30;
/** The latest changes the overview lists. */
export const OVERVIEW_LATEST_CHANGES = 5;
/** Up to this many members the permission holders are counted exactly; past it, on a sample of about this many. */
export const OVERVIEW_EXACT_PERMISSION_MEMBERS = 5_000;
/** "Inactive": no sign-in for at least this many days (never signed in counts). */
export const OVERVIEW_INACTIVE_DAYS = [30, 90] as const;

const count = z.number().int().min(0);

export const overviewPermissionCountSchema = z.object({
  key: z.string(),
  label: z.string(),
  category: z.string(),
  /** Members who hold it: directly, through a role, or as an OWNER (who holds every permission). */
  members: count,
});
export type OverviewPermissionCount = z.infer<typeof overviewPermissionCountSchema>;

export const overviewSchema = z.object({
  /** When the figures were read. */
  generatedAt: z.iso.datetime(),
  members: z.object({
    total: count,
    byStatus: z.object(
      Object.fromEntries(userStatuses.map((s) => [s, count])) as Record<(typeof userStatuses)[number], typeof count>,
    ),
    byAccessLevel: z.object(
      Object.fromEntries(accessLevels.map((l) => [l, count])) as Record<(typeof accessLevels)[number], typeof count>,
    ),
    /** Active members with no two-step sign-in factor. */
    withoutTwoStep: count,
    /** Active members with no sign-in in the last 30 days (or never). */
    inactive30Days: count,
    /** Active members with no sign-in in the last 90 days (or never). */
    inactive90Days: count,
    /**
     * The figures above that are estimates, by path (`total`, `byStatus.active`,
     * `withoutTwoStep`…): each is counted exactly up to 10,000 and estimated beyond, as the
     * lists' totals are (`totalIsCapped`).
     */
    estimated: z.array(z.string()),
  }),
  invitations: z.object({
    /** Pending and not yet expired. */
    pending: count,
    /** Of those, the ones that run out within `expiringWithinHours`. */
    expiring: count,
    expiringWithinHours: z.number().int().positive(),
  }),
  /** Every permission of the catalog with its holders, most held first (catalog order on a tie). */
  permissions: z.array(overviewPermissionCountSchema),
  /**
   * How the holders were counted: every member (`estimated: false`), or, past
   * `OVERVIEW_EXACT_PERMISSION_MEMBERS` members, a random sample of `membersRead` of them scaled
   * to all (`estimated: true`).
   */
  permissionCounts: z.object({ estimated: z.boolean(), membersRead: count }),
  roles: count,
  organizations: count,
  /** Successful sign-ins per UTC day, oldest first, the last 30 days (today included), zeros kept. */
  signInsPerDay: z.array(z.object({ date: z.iso.date(), count })),
  /** The audit log's latest changes (sign-ins and sign-outs left out), newest first. */
  latestChanges: z.array(auditEventSchema),
});
export type Overview = z.infer<typeof overviewSchema>;

import { z } from 'zod';

/**
 * A signed-in session of a dashboard user, as the sessions screens show it. Never its token nor
 * the token's hash: those stay in the BFF and in the IAM's database.
 */
export const userSessionSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  /** Kept fresh at most once a minute, so it may lag the last call by up to a minute. */
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** The client address at sign-in (the browser's, as the BFF saw it). */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The browser read from the user agent ("Chrome 131"); null when it is not recognised. */
  browser: z.string().nullable(),
  /** The operating system read from the user agent ("macOS"); null when it is not recognised. */
  system: z.string().nullable(),
  /** Whether this is the session the call came on. */
  current: z.boolean(),
});
export type UserSession = z.infer<typeof userSessionSchema>;

/** The most sessions one list shows (the newest by last use); `total` counts them all. */
export const SESSION_LIST_LIMIT = 100;

export const userSessionListSchema = z.object({
  items: z.array(userSessionSchema).max(SESSION_LIST_LIMIT),
  total: z.number().int().nonnegative(),
});
export type UserSessionList = z.infer<typeof userSessionListSchema>;

export const userSessionParamsSchema = z.object({
  userId: z.uuid({ error: 'Use a user id' }),
  sessionId: z.uuid({ error: 'Use a session id' }),
});

/** How many sessions a "sign out the other sessions" ended. */
export const sessionsEndedSchema = z.object({ ended: z.number().int().nonnegative() });
export type SessionsEnded = z.infer<typeof sessionsEndedSchema>;

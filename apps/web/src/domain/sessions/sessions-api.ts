import { sessionRoutes } from '@team-access/contract/routes/sessions';
import { callRoute } from '@/lib/api-client.ts';

/** A user's signed-in sessions (the IAM API decides who may see and end them). */
export const userSessionsApi = {
  list: (userId: string, signal?: AbortSignal) =>
    callRoute(sessionRoutes.listUserSessions, { params: { userId }, signal }),
  endOne: (userId: string, sessionId: string) =>
    callRoute(sessionRoutes.endUserSession, { params: { userId, sessionId } }),
  /** Every session of the user but the one this browser is on. */
  endAllButThis: (userId: string) => callRoute(sessionRoutes.endUserSessions, { params: { userId } }),
};

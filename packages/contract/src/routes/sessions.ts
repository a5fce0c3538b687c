import { sessionsEndedSchema, userSessionListSchema, userSessionParamsSchema } from '../sessions.ts';
import { userIdParamsSchema } from '../user.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/**
 * A user's signed-in sessions: the user themselves, or an OWNER or ADMIN within the rules
 * (rules/sessions.ts); server-to-server calls have the tenant's full rights.
 */
export const sessionRoutes = {
  listUserSessions: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}/sessions',
    scope: 'users:read',
    summary: "A user's live sessions, most recently used first; `current` marks the caller's own",
    params: userIdParamsSchema,
    responses: { 200: userSessionListSchema },
  }),
  endUserSession: route({
    method: 'delete',
    path: '/v2/client/multi-user/{userId}/sessions/{sessionId}',
    scope: 'users:write',
    summary: "End one of a user's sessions: its next call is refused (401)",
    params: userSessionParamsSchema,
    responses: { 204: null },
  }),
  endUserSessions: route({
    method: 'delete',
    path: '/v2/client/multi-user/{userId}/sessions',
    scope: 'users:write',
    summary: "End every session of a user except the one this call comes on (the caller's own, if it is theirs)",
    params: userIdParamsSchema,
    responses: { 200: sessionsEndedSchema },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'sessions', auth: 'client', browser: true } as const, r);
}

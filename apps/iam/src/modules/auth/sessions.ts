import {
  SESSION_LIST_LIMIT,
  type SessionsEnded,
  sessionsEndRefusal,
  sessionsReadRefusal,
  type UserSession,
  type UserSessionList,
} from '@team-access/contract';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { type Caller, ruleActor, type UserRow } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import { userRepository } from '../users/repository.ts';
import { LAST_SEEN_INTERVAL_SECONDS, type SessionRow, userSessionRepository } from './sessions-repository.ts';
import { describeUserAgent } from './user-agent.ts';

/**
 * A user's sessions: listed, and ended one by one or all but the caller's own. Who may is the
 * shared rule (packages/contract/src/rules/sessions.ts). Ending one is a write to `revoked_at`,
 * which `resolveActor` checks at every call, so the ended session's next call is a 401 and the
 * BFF drops its own session with it.
 */

const noSuchUser = () => new AppError(404, 'not_found', 'No such user.');
const noSuchSession = () => new AppError(404, 'not_found', 'No such session.');

function toUserSession(row: SessionRow, currentSessionId: string | undefined): UserSession {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    ip: row.ip,
    userAgent: row.user_agent,
    ...describeUserAgent(row.user_agent),
    current: row.id === currentSessionId,
  };
}

/** What the audit trail keeps of an ended session: enough to recognise it, nothing secret. */
function auditedSession(row: SessionRow) {
  const { browser, system } = describeUserAgent(row.user_agent);
  return { id: row.id, browser, system, ip: row.ip };
}

/** The user, after the read rule (a MEMBER asking about someone else is refused before any lookup). */
async function sessionOwner(db: Queryable, caller: Caller, userId: string): Promise<UserRow> {
  enforce(sessionsReadRefusal(ruleActor(caller.actor), userId));
  const user = await userRepository.findById(db, caller.tenantId, userId);
  if (!user) throw noSuchUser();
  return user;
}

export async function listUserSessions(db: Db, caller: Caller, userId: string): Promise<UserSessionList> {
  await sessionOwner(db, caller, userId);
  const { rows, total } = await userSessionRepository.listLive(db, caller.tenantId, userId, SESSION_LIST_LIMIT);
  const items = rows.map((row) => toUserSession(row, caller.actor?.sessionId));
  // The caller's own session first, then by last use.
  return { items: [...items.filter((s) => s.current), ...items.filter((s) => !s.current)], total };
}

export async function endUserSession(db: Db, caller: Caller, userId: string, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await sessionOwner(tx, caller, userId);
    enforce(sessionsEndRefusal(ruleActor(caller.actor), user));
    const ended = await userSessionRepository.endOne(tx, caller.tenantId, userId, sessionId);
    if (!ended) throw noSuchSession();
    await recordAudit(tx, caller, {
      action: 'auth.session_revoked',
      targetType: 'user',
      targetId: userId,
      after: { sessions: [auditedSession(ended)] },
    });
  });
}

/** Ends every live session of the user but the one the call comes on; one audit event, if any ended. */
export async function endUserSessions(db: Db, caller: Caller, userId: string): Promise<SessionsEnded> {
  return db.transaction(async (tx) => {
    const user = await sessionOwner(tx, caller, userId);
    enforce(sessionsEndRefusal(ruleActor(caller.actor), user));
    const ended = await userSessionRepository.endAllBut(tx, caller.tenantId, userId, caller.actor?.sessionId);
    if (ended.length > 0) {
      await recordAudit(tx, caller, {
        action: 'auth.sessions_revoked',
        targetType: 'user',
        targetId: userId,
        after: { sessions: ended.map(auditedSession) },
      });
    }
    return { ended: ended.length };
  });
}

/** Keeps `last_seen_at` fresh at most once a minute per session, not with a write at every call. */
export async function noteSessionUse(
  db: Queryable,
  tenantId: string,
  session: { sessionId: string; lastSeenAt: Date },
): Promise<void> {
  if (Date.now() - session.lastSeenAt.getTime() < LAST_SEEN_INTERVAL_SECONDS * 1000) return;
  await userSessionRepository.touch(db, tenantId, session.sessionId);
}

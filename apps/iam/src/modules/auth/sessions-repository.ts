import type { Queryable } from '../../db/client.ts';

/** A session as the sessions screens list it: no token hash ever leaves this file. */
export interface SessionRow {
  id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

const SESSION_COLUMNS = 'id, ip, user_agent, created_at, last_seen_at, expires_at';
const LIVE = 'revoked_at is null and expires_at > now()';

/** `last_seen_at` is written at most this often per session (not at every call). */
export const LAST_SEEN_INTERVAL_SECONDS = 60;

export const userSessionRepository = {
  /** The user's live sessions, most recently used first, and how many there are. */
  async listLive(
    db: Queryable,
    tenantId: string,
    userId: string,
    limit: number,
  ): Promise<{ rows: SessionRow[]; total: number }> {
    const rows = await db.query<SessionRow & { total: number }>(
      `select ${SESSION_COLUMNS}, count(*) over ()::int as total
         from sessions
        where tenant_id = $1 and user_id = $2 and ${LIVE}
        order by last_seen_at desc, created_at desc, id
        limit $3`,
      [tenantId, userId, limit],
    );
    return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
  },
  /** Ends one live session of the user; answers it, or undefined when there is no such live session. */
  async endOne(db: Queryable, tenantId: string, userId: string, sessionId: string): Promise<SessionRow | undefined> {
    const rows = await db.query<SessionRow>(
      `update sessions set revoked_at = now()
        where tenant_id = $1 and user_id = $2 and id = $3 and ${LIVE}
        returning ${SESSION_COLUMNS}`,
      [tenantId, userId, sessionId],
    );
    return rows[0];
  },
  /** Ends every live session of the user but `except`; answers the ones it ended. */
  async endAllBut(db: Queryable, tenantId: string, userId: string, except: string | undefined): Promise<SessionRow[]> {
    return db.query<SessionRow>(
      `update sessions set revoked_at = now()
        where tenant_id = $1 and user_id = $2 and ${LIVE} and ($3::uuid is null or id <> $3::uuid)
        returning ${SESSION_COLUMNS}`,
      [tenantId, userId, except ?? null],
    );
  },
  /**
   * Marks the session used now, unless that was already done in the last interval: the guard in
   * SQL keeps it to one write a minute even when several instances see the same session.
   */
  async touch(db: Queryable, tenantId: string, sessionId: string): Promise<void> {
    await db.query(
      `update sessions set last_seen_at = now()
        where tenant_id = $1 and id = $2 and last_seen_at < now() - make_interval(secs => $3)`,
      [tenantId, sessionId, LAST_SEEN_INTERVAL_SECONDS],
    );
  },
};

import type { Queryable } from '../../db/client.ts';
import { USER_SELECT, type UserRow } from '../users/repository.ts';

export interface NewSession {
  id: string;
  tenantId: string;
  userId: string;
  tokenHash: Buffer;
  ip: string | undefined;
  userAgent: string | undefined;
  expiresAt: Date;
}

export const sessionRepository = {
  async insert(db: Queryable, s: NewSession): Promise<void> {
    await db.query(
      `insert into sessions (id, tenant_id, user_id, token_hash, ip, user_agent, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.tenantId, s.userId, s.tokenHash, s.ip ?? null, s.userAgent?.slice(0, 512) ?? null, s.expiresAt],
    );
  },
  /** The live session with this token in this tenant, and its user, who must be active. */
  async findActive(
    db: Queryable,
    tenantId: string,
    tokenHash: Buffer,
  ): Promise<{ sessionId: string; expiresAt: Date; lastSeenAt: Date; user: UserRow } | undefined> {
    const rows = await db.query<UserRow & { session_id: string; session_expires_at: Date; session_last_seen_at: Date }>(
      `select s.id as session_id, s.expires_at as session_expires_at, s.last_seen_at as session_last_seen_at,
              ${USER_SELECT}
         from sessions s join users u on u.id = s.user_id and u.tenant_id = s.tenant_id
        where s.tenant_id = $1 and s.token_hash = $2 and s.revoked_at is null and s.expires_at > now()
          and u.status = 'active'`,
      [tenantId, tokenHash],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { session_id, session_expires_at, session_last_seen_at, ...user } = row;
    return { sessionId: session_id, expiresAt: session_expires_at, lastSeenAt: session_last_seen_at, user };
  },
  /** Ends every live session of the user (deactivated, deleted, new password), but `except` one. */
  async revokeAllForUser(db: Queryable, tenantId: string, userId: string, except?: string): Promise<number> {
    const rows = await db.query<{ id: string }>(
      `update sessions set revoked_at = now()
        where tenant_id = $1 and user_id = $2 and revoked_at is null and ($3::uuid is null or id <> $3::uuid)
        returning id`,
      [tenantId, userId, except ?? null],
    );
    return rows.length;
  },
  async revoke(db: Queryable, tenantId: string, sessionId: string): Promise<void> {
    await db.query('update sessions set revoked_at = now() where tenant_id = $1 and id = $2 and revoked_at is null', [
      tenantId,
      sessionId,
    ]);
  },
};

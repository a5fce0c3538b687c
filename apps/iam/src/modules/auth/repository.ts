import type { NamedStatement, Preload, Queryable } from '../../db/client.ts';
import type { TenantRow } from '../tenants/repository.ts';
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

/** A live session and its user, as every authenticated call resolves it. */
export interface LiveSession {
  sessionId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: UserRow;
}

type LiveSessionRow = UserRow & { session_id: string; session_expires_at: Date; session_last_seen_at: Date };

const LIVE_SESSION_COLUMNS = `s.id as session_id, s.expires_at as session_expires_at, s.last_seen_at as session_last_seen_at,
  ${USER_SELECT}`;
const LIVE_SESSION_FROM = 'sessions s join users u on u.id = s.user_id and u.tenant_id = s.tenant_id';
/** `$1` the tenant, `$2` the token's hash: not revoked, not expired, and the user still active. */
const LIVE_SESSION_WHERE = `s.tenant_id = $1 and s.token_hash = $2 and s.revoked_at is null and s.expires_at > now()
  and u.status = 'active'`;

function liveSessionOf(row: LiveSessionRow): LiveSession {
  const { session_id, session_expires_at, session_last_seen_at, ...user } = row;
  return { sessionId: session_id, expiresAt: session_expires_at, lastSeenAt: session_last_seen_at, user };
}

/** The authentication statement, with no read or with each route's read: prepared once per connection. */
const clientAndSessionStatements = new Map<string, NamedStatement>();

function clientAndSessionStatement(preload: Preload | undefined): NamedStatement {
  const name = preload ? `auth_call_${preload.name}` : 'auth_call';
  let statement = clientAndSessionStatements.get(name);
  if (!statement) {
    statement = {
      name,
      text: `select t.id as client_tenant_id, t.name as client_tenant_name, t.api_secret_hash as client_secret_hash,
                    ${preload ? `(${preload.sql}) as preloaded,` : ''} live.*
               from tenants t
               left join lateral (
                 select ${LIVE_SESSION_COLUMNS} from ${LIVE_SESSION_FROM}
                  where $2::bytea is not null and ${LIVE_SESSION_WHERE.replace('$1', 't.id')}
               ) live on true
              where t.api_key = $1`,
    };
    clientAndSessionStatements.set(name, statement);
  }
  return statement;
}

/** An API key's client authentication, with no read or with each route's read (ADR 048). */
const apiKeyCallStatements = new Map<string, NamedStatement>();

function apiKeyCallStatement(preload: Preload | undefined): NamedStatement {
  const name = preload ? `auth_key_call_${preload.name}` : 'auth_key_call';
  let statement = apiKeyCallStatements.get(name);
  if (!statement) {
    statement = {
      name,
      // Revoked and expired keys are not found: refused at their next call on every instance.
      text: `select t.id as client_tenant_id, t.name as client_tenant_name, k.secret_hash as client_secret_hash,
                    ${preload ? `(${preload.sql}) as preloaded,` : ''}
                    k.id as key_uuid, k.name as key_name, k.scopes as key_scopes, k.last_used_at as key_last_used_at
               from api_keys k join tenants t on t.id = k.tenant_id
              where k.key_id = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())`,
    };
    apiKeyCallStatements.set(name, statement);
  }
  return statement;
}

/** A live API key as client authentication resolves it. */
export interface LiveApiKey {
  id: string;
  name: string;
  scopes: string[];
  lastUsedAt: Date | null;
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
  async findActive(db: Queryable, tenantId: string, tokenHash: Buffer): Promise<LiveSession | undefined> {
    const rows = await db.query<LiveSessionRow>(
      `select ${LIVE_SESSION_COLUMNS} from ${LIVE_SESSION_FROM} where ${LIVE_SESSION_WHERE}`,
      [tenantId, tokenHash],
    );
    return rows[0] && liveSessionOf(rows[0]);
  },
  /**
   * Client authentication and the actor's session in one statement (ADR 033): the tenant of the
   * API key with its secret's digest, and, when a token hash is given, the live session with that
   * token in that tenant and its active user; with a `preload`, the route's own read too (ADR 038).
   * Undefined: no tenant has the key. The caller compares the secret before it uses anything else.
   */
  async findClientAndSession(
    db: Queryable,
    apiKey: string,
    tokenHash: Buffer | undefined,
    preload?: Preload,
  ): Promise<{ tenant: TenantRow; session: LiveSession | undefined; preloaded: unknown } | undefined> {
    const rows = await db.query<
      {
        client_tenant_id: string;
        client_tenant_name: string;
        client_secret_hash: Buffer;
        preloaded?: unknown;
      } & Partial<LiveSessionRow>
    >(clientAndSessionStatement(preload), [apiKey, tokenHash ?? null]);
    const row = rows[0];
    if (!row) return undefined;
    const { client_tenant_id, client_tenant_name, client_secret_hash, preloaded, ...session } = row;
    return {
      tenant: { id: client_tenant_id, name: client_tenant_name, api_key: apiKey, api_secret_hash: client_secret_hash },
      session: session.session_id ? liveSessionOf(session as LiveSessionRow) : undefined,
      preloaded,
    };
  },
  /**
   * An API key's client authentication in one statement (ADR 033, 048): the live (not revoked,
   * not expired) key with this id, its tenant and its secret's digest, and the route's own read.
   * Undefined: no live key has the id. The caller compares the secret before it uses anything else.
   */
  async findApiKeyCall(
    db: Queryable,
    keyId: string,
    preload?: Preload,
  ): Promise<{ tenant: TenantRow; apiKey: LiveApiKey; preloaded: unknown } | undefined> {
    const rows = await db.query<{
      client_tenant_id: string;
      client_tenant_name: string;
      client_secret_hash: Buffer;
      preloaded?: unknown;
      key_uuid: string;
      key_name: string;
      key_scopes: string[];
      key_last_used_at: Date | null;
    }>(apiKeyCallStatement(preload), [keyId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      tenant: {
        id: row.client_tenant_id,
        name: row.client_tenant_name,
        api_key: keyId,
        api_secret_hash: row.client_secret_hash,
      },
      apiKey: { id: row.key_uuid, name: row.key_name, scopes: row.key_scopes, lastUsedAt: row.key_last_used_at },
      preloaded: row.preloaded,
    };
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

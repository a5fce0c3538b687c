import type { Queryable } from '../../db/client.ts';

/** A key as the list reads it: no secret hash ever leaves this file. */
export interface ApiKeyRow {
  id: string;
  key_id: string;
  name: string;
  scopes: string[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface NewApiKey {
  id: string;
  tenantId: string;
  keyId: string;
  name: string;
  secretHash: Buffer;
  scopes: string[];
  createdBy: string;
  createdByName: string;
  expiresAt: Date | null;
}

const COLUMNS =
  'id, key_id, name, scopes, created_by, created_by_name, created_at, expires_at, revoked_at, last_used_at';

/** `last_used_at` is written at most this often per key (not at every call). */
export const LAST_USED_INTERVAL_SECONDS = 60;

export const apiKeyRepository = {
  async insert(db: Queryable, k: NewApiKey): Promise<ApiKeyRow> {
    const rows = await db.query<ApiKeyRow>(
      `insert into api_keys (id, tenant_id, key_id, name, secret_hash, scopes, created_by, created_by_name, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       returning ${COLUMNS}`,
      [k.id, k.tenantId, k.keyId, k.name, k.secretHash, k.scopes, k.createdBy, k.createdByName, k.expiresAt],
    );
    return rows[0] as ApiKeyRow;
  },
  /** The tenant's live keys, newest first, then its latest revoked ones. */
  async list(db: Queryable, tenantId: string, liveLimit: number, revokedLimit: number): Promise<ApiKeyRow[]> {
    return db.query<ApiKeyRow>(
      `(select ${COLUMNS} from api_keys where tenant_id = $1 and revoked_at is null order by created_at desc, id limit $2)
       union all
       (select ${COLUMNS} from api_keys where tenant_id = $1 and revoked_at is not null
         order by revoked_at desc, id limit $3)`,
      [tenantId, liveLimit, revokedLimit],
    );
  },
  async countLive(db: Queryable, tenantId: string): Promise<number> {
    const rows = await db.query<{ n: number }>(
      'select count(*)::int as n from api_keys where tenant_id = $1 and revoked_at is null',
      [tenantId],
    );
    return rows[0]?.n ?? 0;
  },
  async liveNameTaken(db: Queryable, tenantId: string, name: string): Promise<boolean> {
    const rows = await db.query(
      'select 1 from api_keys where tenant_id = $1 and revoked_at is null and lower(name) = lower($2)',
      [tenantId, name],
    );
    return rows.length > 0;
  },
  /** Revokes the tenant's live key; undefined when there is none with this id (or it is revoked already). */
  async revoke(db: Queryable, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
    const rows = await db.query<ApiKeyRow>(
      `update api_keys set revoked_at = now() where tenant_id = $1 and id = $2 and revoked_at is null
       returning ${COLUMNS}`,
      [tenantId, id],
    );
    return rows[0];
  },
  async exists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
    const rows = await db.query('select 1 from api_keys where tenant_id = $1 and id = $2', [tenantId, id]);
    return rows.length > 0;
  },
  /** Notes a call on the key unless one was noted in the last minute (a second instance may have). */
  async touch(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query(
      `update api_keys set last_used_at = now()
        where tenant_id = $1 and id = $2
          and (last_used_at is null or last_used_at < now() - make_interval(secs => $3))`,
      [tenantId, id, LAST_USED_INTERVAL_SECONDS],
    );
  },
};

import type { Queryable } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { sha256 } from '../security/tokens.ts';

/** A key is remembered this long; a retry after that is a new request. */
const KEY_LIFETIME = '24 hours';

export interface IdempotencyScope {
  tenantId: string;
  /** Whose key it is: one actor's keys never collide with another's. */
  scope: string;
  key: string;
  request: unknown;
}

/**
 * Runs `create` once per key, inside the caller's transaction: the key row is claimed first, so
 * a concurrent retry waits on it and then replays the stored answer instead of creating twice.
 * The same key with a different request is a 422.
 */
export async function once<T>(
  tx: Queryable,
  s: IdempotencyScope,
  create: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  const hash = sha256(JSON.stringify(s.request));
  await tx.query(
    `delete from idempotency_keys where tenant_id = $1 and scope = $2 and key = $3 and created_at < now() - interval '${KEY_LIFETIME}'`,
    [s.tenantId, s.scope, s.key],
  );
  const claimed = await tx.query(
    `insert into idempotency_keys (tenant_id, scope, key, request_hash, status, response)
     values ($1, $2, $3, $4, 0, 'null'::jsonb) on conflict do nothing returning key`,
    [s.tenantId, s.scope, s.key, hash],
  );
  if (claimed.length === 0) {
    const [stored] = await tx.query<{ request_hash: Uint8Array; status: number; response: T }>(
      'select request_hash, status, response from idempotency_keys where tenant_id = $1 and scope = $2 and key = $3',
      [s.tenantId, s.scope, s.key],
    );
    if (!stored || !Buffer.from(stored.request_hash).equals(hash)) {
      throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was sent with a different request.', [
        { path: 'header.idempotency-key', message: 'Use a new key for a new request', code: 'idempotency_key_reused' },
      ]);
    }
    return { status: stored.status, body: stored.response, replayed: true };
  }
  const result = await create();
  await tx.query(
    'update idempotency_keys set status = $4, response = $5 where tenant_id = $1 and scope = $2 and key = $3',
    [s.tenantId, s.scope, s.key, result.status, JSON.stringify(result.body)],
  );
  return { ...result, replayed: false };
}

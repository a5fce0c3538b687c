import type { AccessTokenJwk } from '@team-access/contract';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Db, Queryable } from '../../db/client.ts';

/**
 * The keys that sign access tokens (ADR 049), in the database so every instance signs with the
 * same active key and publishes the same set. The active key and the next one are made on first
 * need; `rotateSigningKeyIn` retires the active key and activates the next, which verifiers that
 * cache the set already hold. A retired key stays published while a token it signed can still be
 * valid (`tokens_expire_by`), then a later rotation deletes it.
 */

export const ACCESS_TOKEN_ALG = 'ES256';

/**
 * Each token's signing moves its key's `tokens_expire_by` past the token's expiry, by this much
 * more, so the key is written at most about once a minute while tokens of one lifetime are issued.
 */
const EXPIRY_STEP_SECONDS = 60;

interface ActiveKeyRow {
  kid: string;
  private_jwk: JWK;
  client_id: string | null;
}

/** Imported private keys by kid: importing costs more than signing. Cleared when it grows. */
const imported = new Map<string, CryptoKey>();

async function privateKeyOf(row: ActiveKeyRow): Promise<CryptoKey> {
  let key = imported.get(row.kid);
  if (!key) {
    if (imported.size >= 8) imported.clear();
    key = (await importJWK(row.private_jwk, ACCESS_TOKEN_ALG)) as CryptoKey;
    imported.set(row.kid, key);
  }
  return key;
}

/** A new ES256 key pair as JWKs, named by its RFC 7638 thumbprint (jose sets neither kid nor alg). */
async function newKeyPair(): Promise<{ kid: string; publicJwk: AccessTokenJwk; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG };
  return {
    kid,
    publicJwk: {
      kty: 'EC',
      crv: 'P-256',
      x: String(publicJwk.x),
      y: String(publicJwk.y),
      kid,
      alg: ACCESS_TOKEN_ALG,
      use: 'sig',
    },
    privateJwk,
  };
}

async function insertKey(db: Queryable, state: 'active' | 'next', onConflict: 'ignore' | 'fail'): Promise<string> {
  const pair = await newKeyPair();
  await db.query(
    `insert into signing_keys (kid, alg, public_jwk, private_jwk, activated_at)
     values ($1, $2, $3, $4, ${state === 'active' ? 'now()' : 'null'})${onConflict === 'ignore' ? ' on conflict do nothing' : ''}`,
    [pair.kid, ACCESS_TOKEN_ALG, JSON.stringify(pair.publicJwk), JSON.stringify(pair.privateJwk)],
  );
  return pair.kid;
}

const ACTIVE = 'activated_at is not null and retired_at is null';

/**
 * The active key for a token that expires at `expiresAt`, and the tenant's client id (the
 * token's audience), in one statement that also keeps the key published until that expiry. Made
 * on first need (with the next key).
 */
export async function signingKeyFor(
  db: Db,
  tenantId: string,
  expiresAt: Date,
): Promise<{ kid: string; key: CryptoKey; clientId: string | null }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await db.query<ActiveKeyRow>(
      `with active as (
         select kid, private_jwk, tokens_expire_by from signing_keys where ${ACTIVE}
       ), kept as (
         update signing_keys k set tokens_expire_by = $2::timestamptz + $3::int * interval '1 second'
           from active a
          where k.kid = a.kid and (a.tokens_expire_by is null or a.tokens_expire_by < $2::timestamptz)
       )
       select a.kid, a.private_jwk, (select api_key from tenants where id = $1) as client_id from active a`,
      [tenantId, expiresAt.toISOString(), EXPIRY_STEP_SECONDS],
    );
    if (row) return { kid: row.kid, key: await privateKeyOf(row), clientId: row.client_id };
    await ensureSigningKeys(db);
  }
  throw new Error('no signing key could be made');
}

/**
 * Makes the active key and the next one when there are none (the first token, or the first JWKS
 * read), so the set is never empty. Two instances at once: the unique indexes keep one of each.
 */
export async function ensureSigningKeys(db: Queryable): Promise<void> {
  const [row] = await db.query<{ active: boolean; next: boolean }>(
    `select coalesce(bool_or(${ACTIVE}), false) as active, coalesce(bool_or(activated_at is null), false) as next
       from signing_keys`,
  );
  if (!row?.active) await insertKey(db, 'active', 'ignore');
  if (!row?.next) await insertKey(db, 'next', 'ignore');
}

export interface RotatedKeys {
  /** The key that signs from now on. */
  kid: string;
  /** The key it replaced; none on the very first rotation of an empty set. */
  retiredKid: string | null;
  /** Until when the replaced key stays published (its last token's expiry); null: it signed none still valid, dropped now. */
  retiredPublishedUntil: string | null;
}

/**
 * Retires the active key, makes the next key (published since the last rotation) the active one,
 * and makes a new next key, in `tx`; deletes retired keys whose tokens have all expired. Returns
 * the new active kid and the retired one (none on the very first key).
 */
export async function rotateSigningKeyIn(tx: Queryable): Promise<RotatedKeys> {
  // One rotation at a time: a second one waits, then retires the key the first one activated.
  await tx.query('lock table signing_keys in share row exclusive mode');
  const [retired] = await tx.query<{ kid: string; tokens_expire_by: Date | null }>(
    `update signing_keys set retired_at = now() where ${ACTIVE} returning kid, tokens_expire_by`,
  );
  const [promoted] = await tx.query<{ kid: string }>(
    'update signing_keys set activated_at = now() where activated_at is null returning kid',
  );
  const kid = promoted?.kid ?? (await insertKey(tx, 'active', 'fail'));
  await insertKey(tx, 'next', 'fail');
  await tx.query(
    `delete from signing_keys
      where retired_at is not null and (tokens_expire_by is null or tokens_expire_by < now())`,
  );
  const kept = retired?.tokens_expire_by && retired.tokens_expire_by > new Date() ? retired.tokens_expire_by : null;
  return { kid, retiredKid: retired?.kid ?? null, retiredPublishedUntil: kept ? kept.toISOString() : null };
}

/**
 * The published key set: the active key, the next one, and every retired one that signed a
 * token still within its lifetime. Public halves only, from their own column.
 */
export async function publishedKeys(db: Db): Promise<{ jwk: AccessTokenJwk; active: boolean }[]> {
  const rows = await db.query<{ public_jwk: AccessTokenJwk; active: boolean }>(
    `select public_jwk, (${ACTIVE}) as active from signing_keys
      where retired_at is null or tokens_expire_by > now()
      order by (${ACTIVE}) desc, retired_at is not null, created_at desc`,
  );
  return rows.map((r) => ({ jwk: r.public_jwk, active: r.active }));
}

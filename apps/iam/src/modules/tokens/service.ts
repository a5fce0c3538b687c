import { randomUUID } from 'node:crypto';
import {
  ACCESS_TOKEN_ISSUER_DEFAULT,
  ACCESS_TOKEN_TTL_DEFAULT_SECONDS,
  ACCESS_TOKEN_TTL_MAX_SECONDS,
  type AccessLevel,
  type Jwks,
} from '@team-access/contract';
import { SignJWT } from 'jose';
import type { Db } from '../../db/client.ts';
import { auditRepository } from '../../kernel/audit.ts';
import {
  ACCESS_TOKEN_ALG,
  ensureSigningKeys,
  publishedKeys,
  type RotatedKeys,
  rotateSigningKeyIn,
  signingKeyFor,
} from './keys.ts';

/** How the service issues tokens: its `iss`, and the lifetime when a call names none (config). */
export interface AccessTokenSettings {
  /** IAM_PUBLIC_URL when set, else `urn:team-access:iam`. */
  issuer: string;
  /** ACCESS_TOKEN_TTL_SECONDS (default 300). */
  ttlSeconds: number;
}

export const DEFAULT_ACCESS_TOKEN_SETTINGS: AccessTokenSettings = {
  issuer: ACCESS_TOKEN_ISSUER_DEFAULT,
  ttlSeconds: ACCESS_TOKEN_TTL_DEFAULT_SECONDS,
};

export interface AccessTokenClaims {
  tenantId: string;
  /** `sub`: a user id, or (an API key's token) the key's id. */
  subject: string;
  /** A user's access level (`OWNER` | `ADMIN` | `MEMBER`). */
  accessLevel?: AccessLevel;
  /** A user's effective permissions, as the sign-in answer computes them. */
  permissions?: readonly string[];
  /** An API key's scopes, as the token's space-separated `scope`. */
  scopes?: readonly string[];
  /** Lifetime in seconds, 1 to 3,600; the settings' (ACCESS_TOKEN_TTL_SECONDS) when left out. */
  ttlSeconds?: number;
}

export interface IssuedAccessToken {
  accessToken: string;
  /** ISO 8601. */
  expiresAt: string;
  expiresIn: number;
  kid: string;
  jti: string;
}

/**
 * Signs a short-lived access token (JWT, ES256, typ `at+jwt` as RFC 9068) with the active key:
 * `iss`, `aud` (the tenant's client id, its API_KEY), `sub`, `iat`, `exp`, `jti`, `client_id`,
 * `tenant_id`, and `access_level`, `permissions`, `scope` when given. The key is made on first
 * need and kept published until this token has expired, even if a rotation retires it meanwhile.
 */
export async function issueAccessToken(
  db: Db,
  claims: AccessTokenClaims,
  settings: AccessTokenSettings = DEFAULT_ACCESS_TOKEN_SETTINGS,
): Promise<IssuedAccessToken> {
  const ttl = claims.ttlSeconds ?? settings.ttlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > ACCESS_TOKEN_TTL_MAX_SECONDS) {
    throw new RangeError(`an access token lives 1 to ${ACCESS_TOKEN_TTL_MAX_SECONDS} seconds, not ${ttl}`);
  }
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ttl;
  const { kid, key, clientId } = await signingKeyFor(db, claims.tenantId, new Date(exp * 1000));
  if (!clientId) throw new Error('no such tenant');
  const jti = randomUUID();
  const payload: Record<string, unknown> = { client_id: clientId, tenant_id: claims.tenantId };
  if (claims.accessLevel) payload.access_level = claims.accessLevel;
  if (claims.permissions) payload.permissions = [...claims.permissions].sort();
  if (claims.scopes) payload.scope = [...claims.scopes].join(' ');
  const accessToken = await new SignJWT(payload)
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: 'at+jwt', kid })
    .setIssuer(settings.issuer)
    .setAudience(clientId)
    .setSubject(claims.subject)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key);
  return { accessToken, expiresAt: new Date(exp * 1000).toISOString(), expiresIn: ttl, kid, jti };
}

/**
 * The JWKS: public halves of the active key and of retired keys whose tokens may still be valid.
 * The first key is made here when no token was signed yet, so the set is never empty.
 */
export async function jsonWebKeySet(db: Db): Promise<Jwks> {
  let keys = await publishedKeys(db);
  if (!keys.some((key) => key.active)) {
    await ensureSigningKeys(db);
    keys = await publishedKeys(db);
  }
  return { keys: keys.map((key) => key.jwk) };
}

/**
 * Retires the active signing key and makes the next one (`pnpm tokens:rotate`). Every tenant's
 * audit log records it (the key signs all of their tokens), with the operator as the source.
 */
export async function rotateSigningKey(
  db: Db,
  meta: { requestId?: string | undefined; ip?: string | undefined } = {},
): Promise<RotatedKeys> {
  return db.transaction(async (tx) => {
    const rotated = await rotateSigningKeyIn(tx);
    const tenants = await tx.query<{ id: string }>('select id from tenants order by created_at');
    for (const tenant of tenants) {
      await auditRepository.record(tx, {
        tenantId: tenant.id,
        actorUserId: null,
        action: 'tenant.signing_key_rotated',
        targetType: 'tenant',
        targetId: tenant.id,
        before: rotated.retiredKid ? { kid: rotated.retiredKid } : null,
        after: { kid: rotated.kid },
        requestId: meta.requestId,
        ip: meta.ip,
        source: 'api',
      });
    }
    return rotated;
  });
}

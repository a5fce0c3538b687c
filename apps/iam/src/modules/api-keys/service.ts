import { randomUUID } from 'node:crypto';
import {
  API_KEY_ID_PREFIX,
  API_KEY_LIMIT,
  API_KEY_SECRET_PREFIX,
  type ApiKey,
  type ApiKeyList,
  type ApiKeyScope,
  apiKeysRefusal,
  type CreatedApiKey,
  type createApiKeySchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { auditOf } from '../../kernel/audit.ts';
import { type Caller, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { type ApiKeyRow, apiKeyRepository } from './repository.ts';

/**
 * The tenant's API keys (ADR 048): an OWNER lists, creates and revokes them. A key's secret is
 * made here, answered once and kept only as its SHA-256; client authentication
 * (`authenticateCall`) reads the key by its id in the one statement of every call.
 */

/** How many revoked keys the list still shows (the audit log keeps them all). */
const REVOKED_SHOWN = 50;

const noSuchKey = () => new AppError(404, 'not_found', 'No such API key.');
const nameTaken = () =>
  new AppError(409, 'conflict', 'A live API key already has this name.', [
    { path: 'body.name', message: 'Another live key has this name (letter case does not count)', code: 'duplicate' },
  ]);
const tooMany = () =>
  new AppError(409, 'conflict', `An account holds at most ${API_KEY_LIMIT} live API keys: revoke one first.`);

const audit = auditOf('api_key');

export function toApiKey(row: ApiKeyRow, now = Date.now()): ApiKey {
  const status = row.revoked_at ? 'revoked' : row.expires_at && row.expires_at.getTime() <= now ? 'expired' : 'active';
  return {
    id: row.id,
    keyId: row.key_id,
    name: row.name,
    scopes: row.scopes as ApiKeyScope[],
    status,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_name === null ? null : { id: row.created_by, name: row.created_by_name },
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** What the audit log keeps of a key: enough to recognise it, never its secret. */
const audited = (key: ApiKey) => ({ name: key.name, keyId: key.keyId, scopes: key.scopes, expiresAt: key.expiresAt });

function isUniqueNameViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'api_keys_tenant_live_name_idx');
}

export async function listApiKeys(db: Db, caller: Caller): Promise<ApiKeyList> {
  enforce(apiKeysRefusal(ruleActor(caller.actor)));
  const rows = await apiKeyRepository.list(db, caller.tenantId, API_KEY_LIMIT, REVOKED_SHOWN);
  const now = Date.now();
  return { items: rows.map((row) => toApiKey(row, now)) };
}

export async function createApiKey(
  db: Db,
  caller: Caller,
  body: z.output<typeof createApiKeySchema>,
): Promise<CreatedApiKey> {
  enforce(apiKeysRefusal(ruleActor(caller.actor)));
  const actor = caller.actor?.user;
  if (!actor) throw new Error('createApiKey needs a signed-in actor');
  const secret = `${API_KEY_SECRET_PREFIX}${randomToken(32)}`;
  try {
    const apiKey = await db.transaction(async (tx) => {
      if (await apiKeyRepository.liveNameTaken(tx, caller.tenantId, body.name)) throw nameTaken();
      if ((await apiKeyRepository.countLive(tx, caller.tenantId)) >= API_KEY_LIMIT) throw tooMany();
      const row = await apiKeyRepository.insert(tx, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        keyId: `${API_KEY_ID_PREFIX}${randomToken(16)}`,
        name: body.name,
        secretHash: sha256(secret),
        // In the catalog's order, whatever the request's.
        scopes: [...new Set(body.scopes)].sort(),
        createdBy: actor.id,
        createdByName: [actor.first_name, actor.last_name].filter(Boolean).join(' ') || actor.email,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
      });
      const key = toApiKey(row);
      await audit(tx, caller, 'api_key.created', key.id, undefined, audited(key));
      return key;
    });
    return { apiKey, secret };
  } catch (error) {
    if (isUniqueNameViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function revokeApiKey(db: Db, caller: Caller, id: string): Promise<void> {
  enforce(apiKeysRefusal(ruleActor(caller.actor)));
  await db.transaction(async (tx) => {
    const row = await apiKeyRepository.revoke(tx, caller.tenantId, id);
    if (!row) {
      // Revoked already: nothing changes, and nothing is recorded twice.
      if (await apiKeyRepository.exists(tx, caller.tenantId, id)) return;
      throw noSuchKey();
    }
    await audit(tx, caller, 'api_key.revoked', row.id, audited(toApiKey(row)), undefined);
  });
}

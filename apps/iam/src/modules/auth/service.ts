import { randomUUID } from 'node:crypto';
import { API_KEY_ID_PREFIX, type SignIn, type SignInAnswer, type SignInResult, type User } from '@team-access/contract';
import type { Db, Preload, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { auditRepository } from '../../kernel/audit.ts';
import type { Actor, CallMeta, Tenant, UserRow } from '../../kernel/context.ts';
import { verifyPassword } from '../../security/password.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { apiKeyRepository, LAST_USED_INTERVAL_SECONDS } from '../api-keys/repository.ts';
import { secretMatches } from '../tenants/client-auth.ts';
import { toUser, userRepository } from '../users/repository.ts';
import { type LiveApiKey, sessionRepository } from './repository.ts';
import { noteSessionUse } from './sessions.ts';
import { startTwoStep } from './two-step.ts';

/** An IAM session lasts at most this long; the BFF's own lifetime is never longer. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type { Actor, CallMeta };

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'The email or password is wrong.');

/** The caller stopped waiting (the BFF gave up on this sign-in): nothing may be left behind. */
const callerGone = () => new AppError(408, 'request_timeout', 'The caller stopped waiting for this sign-in.');

/**
 * Checks the password and starts a session. `abandoned` aborts when the caller closes the
 * connection: a sign-in nobody waits for any more is rolled back instead of leaving a live
 * session whose token nobody holds (see also `endUndeliveredSession`).
 */
export async function signIn(
  db: Db,
  tenantId: string,
  input: SignIn,
  meta: CallMeta,
  abandoned?: AbortSignal,
): Promise<SignInAnswer> {
  const row = await userRepository.findByEmail(db, tenantId, input.email);
  // Always verify (against a dummy hash when there is no user) so timing does not reveal accounts.
  const passwordOk = await verifyPassword(row?.password_hash, input.password);
  if (!row || !passwordOk || row.status !== 'active') {
    await auditRepository.record(db, {
      tenantId,
      actorUserId: row?.id ?? null,
      action: 'auth.sign_in_failed',
      targetType: 'user',
      targetId: row?.id ?? null,
      requestId: meta.requestId,
      ip: meta.ip,
      source: meta.source,
    });
    throw invalidCredentials();
  }
  if (row.mfa) return startTwoStep(db, tenantId, row.id);
  return openSession(db, tenantId, row.id, meta, abandoned);
}

/**
 * Starts a session for a user who proved who they are (a password, and the second step when
 * they have one). `within` runs in the session's transaction (the second step's own writes, and
 * it names the user when the caller does not), so all of it is kept or none.
 */
export async function openSession(
  db: Db,
  tenantId: string,
  knownUserId: string | undefined,
  meta: CallMeta,
  abandoned?: AbortSignal,
  within?: (tx: Queryable) => Promise<string | undefined>,
  /** How the user proved who they are, when it is not the password (recorded on `auth.signed_in`). */
  method?: 'passkey',
): Promise<SignInResult> {
  if (abandoned?.aborted) throw callerGone();
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const user = await db.transaction(async (tx) => {
    const userId = (await within?.(tx)) ?? knownUserId;
    if (!userId) throw new Error('openSession needs a user');
    const sessionId = randomUUID();
    await sessionRepository.insert(tx, {
      id: sessionId,
      tenantId,
      userId,
      tokenHash: sha256(token),
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt,
    });
    await userRepository.recordLogin(tx, tenantId, userId);
    await auditRepository.record(tx, {
      tenantId,
      actorUserId: userId,
      action: 'auth.signed_in',
      targetType: 'session',
      targetId: sessionId,
      ...(method ? { after: { method } } : {}),
      requestId: meta.requestId,
      ip: meta.ip,
      source: meta.source,
    });
    const signedIn = (await userRepository.findById(tx, tenantId, userId)) as UserRow;
    // Last look before the commit: a caller that left by now never gets this token.
    if (abandoned?.aborted) throw callerGone();
    return signedIn;
  });
  return { token, expiresAt: expiresAt.toISOString(), user: toUser(user) };
}

/**
 * Ends a session whose sign-in answer never reached the caller (the connection closed between
 * the commit and the answer): nobody holds its token, so nobody could ever sign it out.
 */
export async function endUndeliveredSession(db: Db, tenantId: string, token: string, meta: CallMeta): Promise<void> {
  const actor = await resolveActor(db, tenantId, token);
  if (actor) await signOut(db, tenantId, actor, meta);
}

/** The API's view of the signed-in user. */
export function signedInUser(actor: Actor): User {
  return toUser(actor.user);
}

/** What client authentication and the actor's token resolve to (`authenticateCall`). */
export interface AuthenticatedCall {
  tenant: Tenant;
  /** Undefined when no token was given; null when the token has no live session of an active user. */
  actor: Actor | null | undefined;
  /** The route's own read when it asked for one (`preload`, ADR 038). */
  preloaded: unknown;
  /** Set when the call came with one of the tenant's API keys (ADR 048), never with an actor. */
  apiKey?: LiveApiKey;
}

/**
 * Client credentials and, when a token is given, the actor's session, resolved by one statement
 * at every call (ADR 033): nothing is cached, so a changed secret, an ended session or a
 * deactivated user is refused at its very next call on every instance. Undefined: the client
 * credentials are wrong.
 */
export async function authenticateCall(
  db: Db,
  credentials: { key: string; secret: string },
  token: string | undefined,
  preload?: Preload,
): Promise<AuthenticatedCall | undefined> {
  // An API key (ADR 048): its own statement, never a session; the route layer refuses a token.
  if (credentials.key.startsWith(API_KEY_ID_PREFIX)) return authenticateApiKey(db, credentials, preload);
  const found = await sessionRepository.findClientAndSession(
    db,
    credentials.key,
    token ? sha256(token) : undefined,
    preload,
  );
  if (!secretMatches(found?.tenant, credentials.secret) || !found) return undefined;
  const tenant = { id: found.tenant.id, name: found.tenant.name };
  const { preloaded } = found;
  if (token === undefined) return { tenant, actor: undefined, preloaded };
  if (!found.session) return { tenant, actor: null, preloaded: undefined };
  await noteSessionUse(db, tenant.id, found.session);
  return { tenant, actor: { sessionId: found.session.sessionId, user: found.session.user }, preloaded };
}

async function authenticateApiKey(
  db: Db,
  credentials: { key: string; secret: string },
  preload: Preload | undefined,
): Promise<AuthenticatedCall | undefined> {
  const found = await sessionRepository.findApiKeyCall(db, credentials.key, preload);
  if (!secretMatches(found?.tenant, credentials.secret) || !found) return undefined;
  const tenant = { id: found.tenant.id, name: found.tenant.name };
  await noteApiKeyUse(db, tenant.id, found.apiKey);
  return { tenant, actor: undefined, preloaded: found.preloaded, apiKey: found.apiKey };
}

/** Keeps `last_used_at` fresh at most once a minute per key, not with a write at every call. */
async function noteApiKeyUse(db: Queryable, tenantId: string, key: LiveApiKey): Promise<void> {
  if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < LAST_USED_INTERVAL_SECONDS * 1000) return;
  await apiKeyRepository.touch(db, tenantId, key.id);
}

export async function resolveActor(db: Db, tenantId: string, token: string): Promise<Actor | undefined> {
  const found = await sessionRepository.findActive(db, tenantId, sha256(token));
  if (!found) return undefined;
  await noteSessionUse(db, tenantId, found);
  return { sessionId: found.sessionId, user: found.user };
}

export async function signOut(db: Db, tenantId: string, actor: Actor, meta: CallMeta): Promise<void> {
  await db.transaction(async (tx) => {
    await sessionRepository.revoke(tx, tenantId, actor.sessionId);
    await auditRepository.record(tx, {
      tenantId,
      actorUserId: actor.user.id,
      action: 'auth.signed_out',
      targetType: 'session',
      targetId: actor.sessionId,
      requestId: meta.requestId,
      ip: meta.ip,
      source: meta.source,
    });
  });
}

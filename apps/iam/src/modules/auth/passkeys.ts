import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { RegisterPasskey, registerPasskeySchema, TotpEnrolled, WebAuthnOptions } from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Caller } from '../../kernel/context.ts';
import { FACTOR_COLUMNS, type FactorRow, twoStepRepository } from './two-step-repository.ts';

/**
 * Passkeys (WebAuthn) as a second factor (issue 17, ADR 032), with @simplewebauthn/server 14.
 * The relying party is the console's address (`APP_URL`): its host name is the RP ID, its origin
 * the only origin accepted. Every challenge is kept server-side (`webauthn_challenges`), taken once,
 * and lives five minutes.
 */

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingPartyOf(appUrl: string): RelyingParty {
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin, name: 'Team Access' };
}

const CHALLENGE_SECONDS = 300;

const badResponse = (message: string) =>
  new AppError(400, 'validation_failed', message, [{ path: 'body.response', message, code: 'invalid_passkey' }]);

/** The challenge a browser's answer carries (base64url JSON `clientDataJSON`), or undefined. */
export function challengeOf(response: { response: { clientDataJSON: string } }): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as unknown;
    const challenge = (data as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 200 ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** A user id (uuid) as the 16 bytes WebAuthn's `user.id` wants. */
const userHandle = (userId: string) => new Uint8Array(Buffer.from(userId.replaceAll('-', ''), 'hex'));

type ChallengePurpose = 'register' | 'sign_in' | 'passwordless';

async function storeChallenge(
  db: Queryable,
  c: { tenantId: string; userId: string | null; purpose: ChallengePurpose; challenge: string; mfaChallengeId?: string },
): Promise<void> {
  // Finished ones (used, expired) go as a new one starts: they only pile up. A passwordless
  // challenge has no user yet: those of the tenant go together.
  await db.query(
    `delete from webauthn_challenges
      where tenant_id = $1 and user_id is not distinct from $2 and (used_at is not null or expires_at <= now())`,
    [c.tenantId, c.userId],
  );
  await db.query(
    `insert into webauthn_challenges (id, tenant_id, user_id, purpose, challenge, mfa_challenge_id, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
    [randomUUID(), c.tenantId, c.userId, c.purpose, c.challenge, c.mfaChallengeId ?? null, CHALLENGE_SECONDS],
  );
}

/**
 * Takes a live challenge once (of two requests with it, one wins). Answers whether it was there:
 * unknown, used, expired or of another user or purpose, it is not. A passwordless challenge has no
 * user (`userId` null).
 */
export async function takeChallenge(
  db: Queryable,
  c: { tenantId: string; userId: string | null; purpose: ChallengePurpose; challenge: string; mfaChallengeId?: string },
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `update webauthn_challenges set used_at = now()
      where tenant_id = $1 and user_id is not distinct from $2 and purpose = $3 and challenge = $4 and used_at is null
        and expires_at > now() and ($5::uuid is null or mfa_challenge_id = $5)
      returning id`,
    [c.tenantId, c.userId, c.purpose, c.challenge, c.mfaChallengeId ?? null],
  );
  return rows.length === 1;
}

const passkeysOf = (factors: FactorRow[]) => factors.filter((f) => f.type === 'passkey');

export async function passkeyRegistrationOptions(db: Db, rp: RelyingParty, caller: Caller): Promise<WebAuthnOptions> {
  const actor = caller.actor as NonNullable<Caller['actor']>;
  const existing = passkeysOf(await twoStepRepository.factors(db, caller.tenantId, actor.user.id));
  const name = [actor.user.first_name, actor.user.last_name].filter(Boolean).join(' ');
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: actor.user.email,
    userDisplayName: name || actor.user.email,
    // A Uint8Array (SimpleWebAuthn 14 refuses a string).
    userID: userHandle(actor.user.id),
    attestationType: 'none',
    // The same authenticator twice would be one factor under two names.
    excludeCredentials: existing.map((f) => ({ id: f.credential_id as string, transports: f.transports ?? [] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: CHALLENGE_SECONDS * 1000,
  });
  await storeChallenge(db, {
    tenantId: caller.tenantId,
    userId: actor.user.id,
    purpose: 'register',
    challenge: options.challenge,
  });
  return { options: options as unknown as Record<string, unknown> };
}

/**
 * Turns a passkey on: the browser's answer to options this user was given (their challenge taken
 * once, even by a refused answer), verified against the console's origin.
 */
export async function registerPasskey(
  db: Db,
  rp: RelyingParty,
  caller: Caller,
  input: z.output<typeof registerPasskeySchema>,
  afterInsert: (tx: Queryable, factor: FactorRow) => Promise<TotpEnrolled>,
): Promise<TotpEnrolled> {
  const actor = caller.actor as NonNullable<Caller['actor']>;
  const challenge = challengeOf(input.response);
  const which = { tenantId: caller.tenantId, userId: actor.user.id, purpose: 'register' as const };
  try {
    // One transaction: a change whose audit event cannot be written leaves the challenge unused too.
    return await db.transaction(async (tx) => {
      if (challenge === undefined || !(await takeChallenge(tx, { ...which, challenge }))) {
        throw badResponse('This passkey request has expired or was used already. Try again.');
      }
      const credential = await verifiedCredential(rp, input.response, challenge);
      const rows = await tx.query<FactorRow>(
        `insert into mfa_factors (id, tenant_id, user_id, type, name, credential_id, public_key, sign_count, transports)
         values ($1, $2, $3, 'passkey', $4, $5, $6, $7, $8)
         on conflict do nothing
         returning ${FACTOR_COLUMNS}`,
        [
          randomUUID(),
          caller.tenantId,
          actor.user.id,
          input.name,
          credential.id,
          Buffer.from(credential.publicKey),
          credential.counter,
          credential.transports ?? [],
        ],
      );
      const factor = rows[0];
      if (!factor) throw new AppError(409, 'conflict', 'This passkey is registered already.');
      return afterInsert(tx, factor);
    });
  } catch (error) {
    // A refused answer spends its challenge all the same: it is never tried twice.
    if (challenge !== undefined && error instanceof AppError && error.status < 500) {
      await takeChallenge(db, { ...which, challenge });
    }
    throw error;
  }
}

async function verifiedCredential(rp: RelyingParty, response: RegisterPasskey['response'], challenge: string) {
  try {
    const verification = await verifyRegistrationResponse({
      response: response as unknown as Parameters<typeof verifyRegistrationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (verification.verified) return verification.registrationInfo.credential;
  } catch {
    // A malformed or forged answer: refused below, like an unverified one.
  }
  throw badResponse('The passkey could not be verified. Try again.');
}

/** Options for the pending sign-in's passkeys; undefined when the user has none. */
export async function passkeySignInOptions(
  db: Queryable,
  rp: RelyingParty,
  tenantId: string,
  pending: { id: string; user_id: string },
): Promise<WebAuthnOptions | undefined> {
  const passkeys = passkeysOf(await twoStepRepository.factors(db, tenantId, pending.user_id));
  if (passkeys.length === 0) return undefined;
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((f) => ({ id: f.credential_id as string, transports: f.transports ?? [] })),
    userVerification: 'preferred',
    timeout: CHALLENGE_SECONDS * 1000,
  });
  // The newest options replace the older ones of this sign-in: one live challenge per pending
  // sign-in, however often options are asked for (storeChallenge then deletes the spent ones).
  await db.query(
    'update webauthn_challenges set used_at = now() where tenant_id = $1 and mfa_challenge_id = $2 and used_at is null',
    [tenantId, pending.id],
  );
  await storeChallenge(db, {
    tenantId,
    userId: pending.user_id,
    purpose: 'sign_in',
    challenge: options.challenge,
    mfaChallengeId: pending.id,
  });
  return { options: options as unknown as Record<string, unknown> };
}

/**
 * A passkey's answer at the second step: its challenge (of this pending sign-in) taken once, its
 * signature checked with the stored key, its counter moved on. Answers whether it signs in.
 */
export async function verifyPasskeyAnswer(
  tx: Queryable,
  rp: RelyingParty,
  tenantId: string,
  pending: { id: string; user_id: string },
  answer: RegisterPasskey['response'],
): Promise<boolean> {
  const challenge = challengeOf(answer);
  if (challenge === undefined) return false;
  const taken = await takeChallenge(tx, {
    tenantId,
    userId: pending.user_id,
    purpose: 'sign_in',
    challenge,
    mfaChallengeId: pending.id,
  });
  if (!taken) return false;
  const factor = passkeysOf(await twoStepRepository.factors(tx, tenantId, pending.user_id)).find(
    (f) => f.credential_id === answer.id,
  );
  if (!factor) return false;
  return checkAssertion(tx, rp, tenantId, factor, answer, challenge, false);
}

/** The signature of an answer, checked with the passkey's stored key; the counter moves on. */
async function checkAssertion(
  tx: Queryable,
  rp: RelyingParty,
  tenantId: string,
  factor: FactorRow,
  answer: RegisterPasskey['response'],
  challenge: string,
  requireUserVerification: boolean,
): Promise<boolean> {
  try {
    const result = await verifyAuthenticationResponse({
      response: answer as unknown as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: factor.credential_id as string,
        publicKey: new Uint8Array(factor.public_key as Buffer),
        counter: Number(factor.sign_count ?? 0),
        transports: factor.transports ?? [],
      },
      requireUserVerification,
    });
    if (!result.verified) return false;
    await tx.query('update mfa_factors set sign_count = $3, last_used_at = now() where tenant_id = $1 and id = $2', [
      tenantId,
      factor.id,
      result.authenticationInfo.newCounter,
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Options to sign in with a passkey alone (ADR 039): no email first, so no `allowCredentials`;
 * the browser offers the passkeys it holds for this relying party (discoverable credentials), and
 * the answer names its user. The passkey must verify its user (PIN, biometrics): it stands for
 * both factors.
 */
export async function passwordlessOptions(db: Queryable, rp: RelyingParty, tenantId: string): Promise<WebAuthnOptions> {
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    timeout: CHALLENGE_SECONDS * 1000,
  });
  await storeChallenge(db, { tenantId, userId: null, purpose: 'passwordless', challenge: options.challenge });
  return { options: options as unknown as Record<string, unknown> };
}

/**
 * A passkey's answer to passwordless options: its challenge taken once, the passkey found by its
 * credential id in this tenant, its user handle (when the browser sends it) that passkey's user,
 * the signature checked with user verification, the counter moved on. Answers the user it signs
 * in, or undefined.
 */
export async function verifyPasswordlessAnswer(
  tx: Queryable,
  rp: RelyingParty,
  tenantId: string,
  answer: RegisterPasskey['response'],
): Promise<string | undefined> {
  const challenge = challengeOf(answer);
  if (challenge === undefined) return undefined;
  if (!(await takeChallenge(tx, { tenantId, userId: null, purpose: 'passwordless', challenge }))) return undefined;
  const factor = await twoStepRepository.passkeyByCredential(tx, tenantId, answer.id);
  if (!factor) return undefined;
  const handle = (answer.response as { userHandle?: unknown }).userHandle;
  if (
    handle !== undefined &&
    handle !== null &&
    handle !== Buffer.from(userHandle(factor.user_id)).toString('base64url')
  ) {
    return undefined;
  }
  return (await checkAssertion(tx, rp, tenantId, factor, answer, challenge, true)) ? factor.user_id : undefined;
}

/** Spends a passwordless challenge whose answer was refused: it is never tried twice. */
export async function spendPasswordlessChallenge(
  db: Queryable,
  tenantId: string,
  answer: RegisterPasskey['response'],
): Promise<void> {
  const challenge = challengeOf(answer);
  if (challenge !== undefined) await takeChallenge(db, { tenantId, userId: null, purpose: 'passwordless', challenge });
}

/** After a wrong answer: the pending sign-in's passkey challenges are spent (single use). */
export async function spendSignInChallenges(db: Queryable, tenantId: string, tokenHash: Buffer): Promise<void> {
  await db.query(
    `update webauthn_challenges set used_at = now()
      where tenant_id = $1 and used_at is null
        and mfa_challenge_id in (select id from mfa_challenges where tenant_id = $1 and token_hash = $2)`,
    [tenantId, tokenHash],
  );
}

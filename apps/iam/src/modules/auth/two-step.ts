import { randomBytes, randomUUID } from 'node:crypto';
import {
  type completeTwoStepSchema,
  type confirmTotpSchema,
  type PasskeySignIn,
  RECOVERY_CODE_COUNT,
  type registerPasskeySchema,
  type SignInResult,
  type TotpEnrolled,
  type TotpSetup,
  TWO_STEP_CHALLENGE_SECONDS,
  TWO_STEP_MAX_ATTEMPTS,
  type TwoStepFactor,
  type TwoStepRequired,
  type TwoStepStatus,
  twoStepFactorTypes,
  twoStepReadRefusal,
  twoStepRequiredFor,
  twoStepResetRefusal,
  type WebAuthnOptions,
} from '@team-access/contract';
import { Secret, TOTP } from 'otpauth';
import { encodeQR } from 'qr';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { auditRepository, recordAudit } from '../../kernel/audit.ts';
import { type Actor, type Caller, type CallMeta, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { passkeySignInAllowed } from '../tenants/settings.ts';
import { userRepository } from '../users/repository.ts';
import {
  passkeyRegistrationOptions,
  passkeySignInOptions,
  passwordlessOptions,
  type RelyingParty,
  registerPasskey,
  spendPasswordlessChallenge,
  spendSignInChallenges,
  verifyPasskeyAnswer,
  verifyPasswordlessAnswer,
} from './passkeys.ts';
import { sessionRepository } from './repository.ts';
import { openSession } from './service.ts';
import { type FactorRow, twoStepRepository } from './two-step-repository.ts';

/**
 * Two-step sign-in (issue 17, ADR 029): an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits,
 * 30 s, ±1 step) and ten single-use recovery codes. The secret is sealed with AES-256-GCM
 * (security/secret-box.ts) and never leaves the IAM again after the setup answer; a code's time
 * step is taken once (replay refused); recovery codes are kept as SHA-256 digests.
 */

const ISSUER = 'Team Access';
const PERIOD_SECONDS = 30;
const WINDOW_STEPS = 1;
const RECOVERY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A wrong code, an expired or used pending sign-in, a locked account: all answer the same. */
const invalidCode = () =>
  new AppError(401, 'invalid_code', 'The code is wrong or has expired. Sign in again if it keeps failing.');
const noSuchUser = () => new AppError(404, 'not_found', 'No such user.');
const noSuchFactor = () => new AppError(404, 'not_found', 'No such factor.');

function totpOf(secret: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The time step a code belongs to, within ±1 step of now; undefined when it matches none. */
export function stepOfCode(secret: string, code: string, now = Date.now()): number | undefined {
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  // `validate` answers the delta, and 0 (the current step) is falsy: compare with null.
  if (delta === null) return undefined;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** `abcde-fghij`: 50 random bits each (10 characters of base32). */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The digest a recovery code is kept as; the code is normalised first (no dash, lower case). */
const recoveryDigest = (normalised: string) => sha256(`recovery:${normalised}`);

async function storeNewRecoveryCodes(tx: Queryable, tenantId: string, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await twoStepRepository.replaceRecoveryCodes(
    tx,
    tenantId,
    userId,
    codes.map((code) => ({ id: randomUUID(), hash: recoveryDigest(code.replace('-', '')) })),
  );
  return codes;
}

function toFactor(row: FactorRow): TwoStepFactor {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

async function statusOf(db: Queryable, tenantId: string, userId: string): Promise<TwoStepStatus> {
  const [factors, recoveryCodesLeft] = await Promise.all([
    twoStepRepository.factors(db, tenantId, userId),
    twoStepRepository.recoveryCodesLeft(db, tenantId, userId),
  ]);
  return { factors: factors.map(toFactor), recoveryCodesLeft };
}

const actorOf = (caller: Caller): Actor => {
  if (!caller.actor) throw new AppError(401, 'unauthenticated', 'Sign in first.');
  return caller.actor;
};

export function ownTwoStep(db: Db, caller: Caller): Promise<TwoStepStatus> {
  return statusOf(db, caller.tenantId, actorOf(caller).user.id);
}

/** A fresh secret to set up; nothing is stored until `confirmTotp` gets a right code for it. */
export function newTotpSetup(caller: Caller): TotpSetup {
  const actor = actorOf(caller);
  const secret = new Secret({ size: 20 }).base32;
  const uri = totpOf(secret, actor.user.email).toString();
  return { secret, uri, qrSvg: encodeQR(uri, 'svg', { ecc: 'medium', border: 2 }) };
}

export async function confirmTotp(
  db: Db,
  box: SecretBox,
  caller: Caller,
  input: z.output<typeof confirmTotpSchema>,
): Promise<TotpEnrolled> {
  const actor = actorOf(caller);
  const step = stepOfCode(input.secret, input.code);
  if (step === undefined) {
    throw new AppError(
      400,
      'validation_failed',
      'The code does not match. Check the time on your phone and try again.',
      [{ path: 'code', message: 'This code does not match the secret', code: 'invalid_code' }],
    );
  }
  return db.transaction(async (tx) => {
    const factor = await twoStepRepository.insertFactor(tx, {
      id: randomUUID(),
      tenantId: caller.tenantId,
      userId: actor.user.id,
      name: input.name,
      secret: box.seal(input.secret),
      // The confirming code's step counts as used: it cannot sign anyone in afterwards.
      step,
    });
    if (!factor) throw new AppError(409, 'conflict', 'An authenticator app is set up already. Remove it first.');
    return enrolled(tx, caller, factor);
  });
}

/**
 * A factor was just stored (an authenticator app, a passkey): the first one brings recovery codes,
 * `users.mfa` follows, and it is audited, all in the factor's transaction.
 */
async function enrolled(tx: Queryable, caller: Caller, factor: FactorRow): Promise<TotpEnrolled> {
  const userId = actorOf(caller).user.id;
  const hasCodes = (await twoStepRepository.recoveryCodesLeft(tx, caller.tenantId, userId)) > 0;
  const recoveryCodes = hasCodes ? null : await storeNewRecoveryCodes(tx, caller.tenantId, userId);
  await twoStepRepository.setMfaFlag(tx, caller.tenantId, userId);
  await recordAudit(tx, caller, {
    action: 'user.two_step_enrolled',
    targetType: 'user',
    targetId: userId,
    after: { type: factor.type, name: factor.name },
  });
  return { factor: toFactor(factor), recoveryCodes };
}

export function newPasskeyRegistration(db: Db, rp: RelyingParty, caller: Caller): Promise<WebAuthnOptions> {
  actorOf(caller);
  return passkeyRegistrationOptions(db, rp, caller);
}

export function confirmPasskey(
  db: Db,
  rp: RelyingParty,
  caller: Caller,
  input: z.output<typeof registerPasskeySchema>,
): Promise<TotpEnrolled> {
  actorOf(caller);
  return registerPasskey(db, rp, caller, input, (tx, factor) => enrolled(tx, caller, factor));
}

/** Passkey options for a pending sign-in; an unknown or expired one, or no passkey, answer alike. */
export async function passkeyOptionsForSignIn(
  db: Db,
  rp: RelyingParty,
  tenantId: string,
  challengeToken: string,
): Promise<WebAuthnOptions> {
  return db.transaction(async (tx) => {
    const pending = await twoStepRepository.liveChallengeForUpdate(
      tx,
      tenantId,
      sha256(challengeToken),
      TWO_STEP_MAX_ATTEMPTS,
    );
    const options = pending && (await passkeySignInOptions(tx, rp, tenantId, pending));
    if (!options) throw invalidCode();
    return options;
  });
}

export async function removeOwnFactor(db: Db, caller: Caller, factorId: string): Promise<void> {
  const actor = actorOf(caller);
  await db.transaction(async (tx) => {
    const removed = await twoStepRepository.deleteFactor(tx, caller.tenantId, actor.user.id, factorId);
    if (!removed) throw noSuchFactor();
    const left = await twoStepRepository.factors(tx, caller.tenantId, actor.user.id);
    // The tenant's policy asks this user for a factor (ADR 031): the last one stays. A new one
    // first, then this one; or an administrator's reset, after which the next sign-in sets one up.
    if (left.length === 0 && twoStepRequiredFor(actor.user.two_step_policy, actor.user.role)) {
      throw new AppError(
        409,
        'two_step_required',
        'Your account requires two-step sign-in: add another factor before you remove the last one.',
      );
    }
    // Recovery codes stand in for a factor; with no factor left they would be a way around none.
    if (left.length === 0) await twoStepRepository.replaceRecoveryCodes(tx, caller.tenantId, actor.user.id, []);
    await twoStepRepository.setMfaFlag(tx, caller.tenantId, actor.user.id);
    await recordAudit(tx, caller, {
      action: 'user.two_step_removed',
      targetType: 'user',
      targetId: actor.user.id,
      before: { type: removed.type, name: removed.name },
    });
  });
}

export async function renewRecoveryCodes(db: Db, caller: Caller): Promise<{ recoveryCodes: string[] }> {
  const actor = actorOf(caller);
  return db.transaction(async (tx) => {
    const factors = await twoStepRepository.factors(tx, caller.tenantId, actor.user.id);
    if (factors.length === 0) {
      throw new AppError(409, 'conflict', 'Turn on two-step sign-in first: recovery codes stand in for a factor.');
    }
    const recoveryCodes = await storeNewRecoveryCodes(tx, caller.tenantId, actor.user.id);
    await recordAudit(tx, caller, {
      action: 'user.recovery_codes_renewed',
      targetType: 'user',
      targetId: actor.user.id,
    });
    return { recoveryCodes };
  });
}

export async function userTwoStep(db: Db, caller: Caller, userId: string): Promise<TwoStepStatus> {
  enforce(twoStepReadRefusal(ruleActor(caller.actor), userId));
  const user = await userRepository.findById(db, caller.tenantId, userId);
  if (!user) throw noSuchUser();
  return statusOf(db, caller.tenantId, userId);
}

/** An OWNER or ADMIN removes every factor of another user, and ends that user's sessions. */
export async function resetUserTwoStep(db: Db, caller: Caller, userId: string): Promise<void> {
  enforce(twoStepReadRefusal(ruleActor(caller.actor), userId));
  await db.transaction(async (tx) => {
    const user = await userRepository.findById(tx, caller.tenantId, userId);
    if (!user) throw noSuchUser();
    enforce(twoStepResetRefusal(ruleActor(caller.actor), user));
    const removed = await twoStepRepository.deleteAll(tx, caller.tenantId, userId);
    await twoStepRepository.setMfaFlag(tx, caller.tenantId, userId);
    const ended = await sessionRepository.revokeAllForUser(tx, caller.tenantId, userId);
    await recordAudit(tx, caller, {
      action: 'user.two_step_reset',
      targetType: 'user',
      targetId: userId,
      before: { factors: removed.map((f) => ({ type: f.type, name: f.name })) },
      after: { factors: [], sessionsEnded: ended },
    });
  });
}

/** After a right password for a user with a factor: a pending second step, five minutes. */
export async function startTwoStep(db: Db, tenantId: string, userId: string): Promise<TwoStepRequired> {
  const factors = await twoStepRepository.factors(db, tenantId, userId);
  const methods = twoStepFactorTypes.filter((type) => factors.some((f) => f.type === type));
  const token = randomToken();
  const expiresAt = new Date(Date.now() + TWO_STEP_CHALLENGE_SECONDS * 1000);
  await twoStepRepository.insertChallenge(db, {
    id: randomUUID(),
    tenantId,
    userId,
    tokenHash: sha256(token),
    expiresAt,
  });
  return { twoStep: { challengeToken: token, expiresAt: expiresAt.toISOString(), methods } };
}

/**
 * The second step: a code of the user's authenticator (its step taken once) or one of their
 * recovery codes (used once). Right: the session starts, in the same transaction as the code's
 * use. Wrong: the attempt counts against the pending sign-in (five, then it is gone) and is
 * audited; the answer is the same whether the code, the pending sign-in or the account is wrong.
 */
export async function completeTwoStep(
  db: Db,
  box: SecretBox,
  rp: RelyingParty,
  tenantId: string,
  input: z.output<typeof completeTwoStepSchema>,
  meta: CallMeta,
  abandoned?: AbortSignal,
): Promise<SignInResult> {
  const tokenHash = sha256(input.challengeToken);
  let failedUser: string | undefined;
  try {
    return await openSession(db, tenantId, undefined, meta, abandoned, async (tx) => {
      const challenge = await twoStepRepository.liveChallengeForUpdate(tx, tenantId, tokenHash, TWO_STEP_MAX_ATTEMPTS);
      if (!challenge) throw invalidCode();
      const user = await userRepository.findById(tx, tenantId, challenge.user_id);
      if (user?.status !== 'active') throw invalidCode();
      failedUser = user.id;
      if (input.recoveryCode !== undefined) {
        if (!(await twoStepRepository.useRecoveryCode(tx, tenantId, user.id, recoveryDigest(input.recoveryCode)))) {
          throw invalidCode();
        }
        await auditRepository.record(tx, {
          tenantId,
          actorUserId: user.id,
          action: 'auth.recovery_code_used',
          targetType: 'user',
          targetId: user.id,
          after: { recoveryCodesLeft: await twoStepRepository.recoveryCodesLeft(tx, tenantId, user.id) },
          requestId: meta.requestId,
          ip: meta.ip,
          source: meta.source,
        });
      } else if (input.passkey !== undefined) {
        if (!(await verifyPasskeyAnswer(tx, rp, tenantId, challenge, input.passkey))) throw invalidCode();
      } else {
        const code = input.code as string;
        const factors = await twoStepRepository.factors(tx, tenantId, user.id);
        let taken = false;
        for (const factor of factors) {
          if (factor.type !== 'totp' || !factor.secret_ciphertext) continue;
          const step = stepOfCode(box.open(factor.secret_ciphertext), code);
          if (step !== undefined && (await twoStepRepository.takeStep(tx, tenantId, factor.id, step))) {
            taken = true;
            break;
          }
        }
        if (!taken) throw invalidCode();
      }
      await twoStepRepository.useChallenge(tx, tenantId, challenge.id);
      failedUser = undefined;
      return user.id;
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_code') {
      await db.transaction(async (tx) => {
        await twoStepRepository.countFailure(tx, tenantId, tokenHash);
        // A passkey challenge is single use even when its answer was wrong.
        await spendSignInChallenges(tx, tenantId, tokenHash);
        await auditRepository.record(tx, {
          tenantId,
          actorUserId: failedUser ?? null,
          action: 'auth.two_step_failed',
          targetType: 'user',
          targetId: failedUser ?? null,
          requestId: meta.requestId,
          ip: meta.ip,
          source: meta.source,
        });
      });
    }
    throw error;
  }
}

const passkeySignInOff = () =>
  new AppError(403, 'passkey_sign_in_off', 'This account does not allow signing in with a passkey alone.');
/** An unknown, foreign or unverified passkey, a used challenge, an inactive account: all alike. */
const passkeyRefused = () =>
  new AppError(401, 'invalid_credentials', 'The passkey was not accepted. Sign in with your email and password.');

/** Whether a passkey alone signs in here: for the sign-in page. */
export async function signInMethods(db: Db, tenantId: string): Promise<{ passkey: boolean }> {
  return { passkey: await passkeySignInAllowed(db, tenantId) };
}

/** Options to sign in with a passkey alone, where the tenant allows it (ADR 039). */
export async function passkeySignInStart(db: Db, rp: RelyingParty, tenantId: string): Promise<WebAuthnOptions> {
  if (!(await passkeySignInAllowed(db, tenantId))) throw passkeySignInOff();
  return passwordlessOptions(db, rp, tenantId);
}

/**
 * A passkey alone signs in (ADR 039): the answer to passwordless options names its user; a passkey
 * that verified its user stands for the password and the second step, so the session starts at
 * once. A refused answer spends its challenge and is audited like a wrong password.
 */
export async function signInWithPasskey(
  db: Db,
  rp: RelyingParty,
  tenantId: string,
  input: PasskeySignIn,
  meta: CallMeta,
  abandoned?: AbortSignal,
): Promise<SignInResult> {
  if (!(await passkeySignInAllowed(db, tenantId))) throw passkeySignInOff();
  try {
    return await openSession(
      db,
      tenantId,
      undefined,
      meta,
      abandoned,
      async (tx) => {
        const userId = await verifyPasswordlessAnswer(tx, rp, tenantId, input.response);
        const user = userId && (await userRepository.findById(tx, tenantId, userId));
        if (!user || user.status !== 'active') throw passkeyRefused();
        return user.id;
      },
      'passkey',
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_credentials') {
      await db.transaction(async (tx) => {
        await spendPasswordlessChallenge(tx, tenantId, input.response);
        await auditRepository.record(tx, {
          tenantId,
          actorUserId: null,
          action: 'auth.sign_in_failed',
          targetType: 'user',
          targetId: null,
          after: { method: 'passkey' },
          requestId: meta.requestId,
          ip: meta.ip,
          source: meta.source,
        });
      });
    }
    throw error;
  }
}

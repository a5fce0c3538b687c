import type { SignInResult } from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import type { CallMeta } from '../../kernel/context.ts';
import { type AccessTokenSettings, issueAccessToken } from '../tokens/service.ts';
import { endUndeliveredSession } from './service.ts';

/**
 * A sign-in's answer with an access token when the caller asked for one (`accessToken: true`):
 * `sub` the user, their access level and effective permissions as the answer carries them. None
 * while the session is held to choosing a new password or setting up a second factor: the
 * session itself may do nothing else, so a token must not either. If the token cannot be made,
 * the session just opened is ended before the error goes out (nobody would hold its token).
 */
export async function withAccessToken(
  db: Db,
  settings: AccessTokenSettings,
  tenantId: string,
  result: SignInResult,
  asked: boolean | undefined,
  meta: CallMeta,
): Promise<SignInResult> {
  const { user } = result;
  if (!asked || user.resetPw || (user.twoStepRequired && !user.mfa)) return result;
  try {
    const issued = await issueAccessToken(
      db,
      { tenantId, subject: user.id, accessLevel: user.role, permissions: user.effectivePermissions },
      settings,
    );
    return { ...result, accessToken: issued.accessToken, accessTokenExpiresAt: issued.expiresAt };
  } catch (error) {
    await endUndeliveredSession(db, tenantId, result.token, meta).catch(() => {});
    throw error;
  }
}

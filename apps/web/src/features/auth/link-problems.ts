import { linkTokenSchema } from '@team-access/contract';
import { isApiError } from '@/lib/api-client.ts';

/** Why a mailed link no longer works, as the IAM API says it (404 / 410 problems). */
export const linkProblemCodes = ['link_invalid', 'link_expired', 'link_revoked', 'link_used'] as const;
export type LinkProblemCode = (typeof linkProblemCodes)[number];

/** The link's problem when an error is one, else null (the service failed: worth trying again). */
export function linkProblemOf(error: unknown): LinkProblemCode | null {
  if (!isApiError(error)) return null;
  return (linkProblemCodes as readonly string[]).includes(error.code) ? (error.code as LinkProblemCode) : null;
}

/**
 * A problem with the token itself, found before asking anyone: the address had none (the link was
 * cut short) or it cannot be one the IAM API made.
 */
export function tokenProblem(token: string | null): LinkProblemCode | null {
  return token !== null && linkTokenSchema.safeParse(token).success ? null : 'link_invalid';
}

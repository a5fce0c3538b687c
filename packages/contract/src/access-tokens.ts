import { z } from 'zod';

/**
 * Access tokens (ADR 049): short-lived JWTs (ES256, typ `at+jwt`) the IAM signs for a client's own
 * apps, which verify them with the keys published at `/.well-known/jwks.json`. Asked for with
 * `accessToken: true` on a sign-in (never by the BFF, so never in a browser).
 */

/** Access-token lifetime when ACCESS_TOKEN_TTL_SECONDS is unset: five minutes. */
export const ACCESS_TOKEN_TTL_DEFAULT_SECONDS = 300;
/** The longest lifetime ACCESS_TOKEN_TTL_SECONDS allows: tokens live minutes, never a session's hours. */
export const ACCESS_TOKEN_TTL_MAX_SECONDS = 3600;
/** The token's `iss` when IAM_PUBLIC_URL is unset. */
export const ACCESS_TOKEN_ISSUER_DEFAULT = 'urn:team-access:iam';

/** One published signing key: the public half of a P-256 key, never a private part (`d`). */
export const accessTokenJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});
export type AccessTokenJwk = z.infer<typeof accessTokenJwkSchema>;

/** The JSON Web Key Set (RFC 7517): the active key first, then retired keys whose tokens may still be valid. */
export const jwksSchema = z.object({ keys: z.array(accessTokenJwkSchema) });
export type Jwks = z.infer<typeof jwksSchema>;

/** Ask for an access token with the session (sign-in, its second step, a passkey sign-in). */
export const accessTokenFlagSchema = z
  .boolean({ error: 'Use true to receive an access token, or leave it out' })
  .optional();

/** An access token as answered: the JWT and when it expires. */
export const accessTokenFields = {
  /** The signed JWT (a bearer token for the client's own apps); only when asked for. */
  accessToken: z.string().optional(),
  /** When `accessToken` expires. */
  accessTokenExpiresAt: z.iso.datetime().optional(),
};

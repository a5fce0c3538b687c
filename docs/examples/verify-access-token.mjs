// Verifies a Team Access access token in your own app (docs/access-tokens.md). Needs jose 6.
import { createRemoteJWKSet, jwtVerify } from 'jose';

/**
 * iamUrl: the IAM API's address; issuer: its IAM_PUBLIC_URL (or 'urn:team-access:iam' when unset);
 * audience: your API_KEY. Keys are fetched once, cached, and fetched again for a new key id.
 */
export function accessTokenVerifier({ iamUrl, issuer, audience }) {
  const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', iamUrl));
  return async function verify(token) {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience,
      algorithms: ['ES256'],
      typ: 'at+jwt',
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    const permissions = payload.permissions ?? [];
    return {
      userId: payload.sub,
      tenantId: payload.tenant_id,
      accessLevel: payload.access_level,
      permissions,
      can: (permission) => permissions.includes(permission),
    };
  };
}

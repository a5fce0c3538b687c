import { jwksSchema } from '../access-tokens.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** Access tokens (ADR 049): the public keys a client's app verifies them with. */
export const tokenRoutes = {
  jwks: route({
    method: 'get',
    path: '/.well-known/jwks.json',
    summary:
      "The public keys that verify access tokens (JWKS, RFC 7517): the active key, and retired ones until their tokens' expiry; cacheable for 5 minutes",
    responses: { 200: jwksSchema },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'access-tokens', auth: 'none', browser: false } as const, r);
}

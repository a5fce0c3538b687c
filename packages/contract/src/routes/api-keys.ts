import {
  apiKeyAccessTokenSchema,
  apiKeyListSchema,
  apiKeyParamsSchema,
  createApiKeySchema,
  createdApiKeySchema,
} from '../api-keys.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/**
 * The tenant's API keys (ADR 048): an OWNER lists, creates and revokes them from the console. No
 * scope: a key never manages keys.
 */
export const apiKeyRoutes = {
  listApiKeys: route({
    method: 'get',
    path: '/v2/client/api-keys',
    summary: 'The API keys: live ones newest first, then the latest revoked; never a secret (an OWNER)',
    responses: { 200: apiKeyListSchema },
  }),
  createApiKey: route({
    method: 'post',
    path: '/v2/client/api-keys',
    summary: 'Create a named API key with scopes and an optional expiry; its secret is in this answer only (an OWNER)',
    body: createApiKeySchema,
    responses: { 201: createdApiKeySchema },
    problems: { 409: ['conflict'] },
  }),
  revokeApiKey: route({
    method: 'delete',
    path: '/v2/client/api-keys/{apiKeyId}',
    summary: 'Revoke an API key: its next call is refused (401) on every instance (an OWNER)',
    params: apiKeyParamsSchema,
    responses: { 204: null },
  }),
  createApiKeyAccessToken: route({
    method: 'post',
    path: '/v2/client/api-keys/token',
    summary:
      "Exchange the calling API key (Basic keyId:secret) for a short-lived access token: `sub` the key's id, its tenant and its scopes (`scope`); the tenant's own pair is refused",
    auth: 'client',
    browser: false,
    apiKeyOnly: true,
    responses: { 200: apiKeyAccessTokenSchema },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'api-keys', auth: 'actor', browser: true } as const, r);
}

import { z } from 'zod';
import { entityNameSchema } from './fields.ts';

/**
 * Named API keys of a tenant (machine users, ADR 048). A key works where the tenant's
 * API_KEY/API_SECRET work (HTTP Basic: the key id as user name, the secret as password), limited to
 * its scopes: each server-to-server route names the one scope it needs in its declaration
 * (`RouteDef.scope`), and a route that names none is refused to every key (deny by default). A key
 * never acts for a signed-in user. The secret is shown once, at creation; the IAM keeps its SHA-256.
 */

/** Every key id starts with this, and no tenant's API_KEY may: the two kinds are told apart by it. */
export const API_KEY_ID_PREFIX = 'tak_';
/** Every key secret starts with this, so a secret scanner recognises a leaked one. */
export const API_KEY_SECRET_PREFIX = 'tas_';

/** What a key may be allowed, each with the sentence the console shows next to its checkbox. */
export const apiKeyScopeDescriptions = {
  'users:read': 'Read members, their permissions, sessions, two-step status and bulk-change jobs',
  'users:write': 'Add, change and delete members, their permissions, passwords and sessions; run bulk changes',
  'roles:read': 'Read roles and who holds them',
  'roles:write': 'Create, change and delete roles, and give or take them',
  'organizations:read': 'Read organizations and their members',
  'organizations:write': 'Create, change and delete organizations and their memberships',
  'invitations:read': 'Read invitations',
  'invitations:write': 'Send, resend and withdraw invitations',
  'permissions:check': 'Ask whether members hold permissions, and why (permission checks)',
  'audit:read': 'Read and export the audit log',
  'overview:read': 'Read the team in figures (the overview)',
  'webhooks:read': "Read the account's webhooks and their deliveries (never a secret)",
  'webhooks:write': 'Add, change, pause and delete webhooks, rotate their secrets, send test events and redeliver',
  'settings:read': "Read the account's settings",
  'settings:write': "Change the account's settings (two-step policy, passkey sign-in)",
} as const satisfies Record<string, string>;
export type ApiKeyScope = keyof typeof apiKeyScopeDescriptions;
export const apiKeyScopes = Object.keys(apiKeyScopeDescriptions) as ApiKeyScope[];
export const apiKeyScopeSchema = z.enum(apiKeyScopes as [ApiKeyScope, ...ApiKeyScope[]], {
  error: `Use one of ${apiKeyScopes.join(', ')}`,
});

/** The expiry choices the console offers, in days; `null` is "never". */
export const apiKeyExpiryChoices = [30, 90, 365, null] as const;
/** The latest expiry a key may have: keys are rotated, never forever by accident of a typo. */
export const API_KEY_MAX_LIFETIME_DAYS = 3 * 365;
/** How many live (not revoked) keys a tenant may hold; the list shows them all. */
export const API_KEY_LIMIT = 100;

export const apiKeyStatuses = ['active', 'expired', 'revoked'] as const;
export type ApiKeyStatus = (typeof apiKeyStatuses)[number];

/** A key as the list shows it: never its secret nor the secret's hash. */
export const apiKeyItemSchema = z.object({
  id: z.uuid(),
  /** The public key id, sent as the Basic user name. */
  keyId: z.string().startsWith(API_KEY_ID_PREFIX),
  name: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  status: z.enum(apiKeyStatuses),
  createdAt: z.iso.datetime(),
  /** Who made it, as they were named then; null once nobody is left to name. */
  createdBy: z.object({ id: z.uuid().nullable(), name: z.string() }).nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  /** Kept fresh at most once a minute, so it may lag the last call by up to a minute. */
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiKey = z.infer<typeof apiKeyItemSchema>;

/** Live keys first (newest first), then revoked ones; at most `API_KEY_LIMIT` live plus the 50 latest revoked. */
export const apiKeyListSchema = z.object({ items: z.array(apiKeyItemSchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

/** The expiry in `days` from `now`, or null for "never". */
export function apiKeyExpiryFrom(days: number | null, now = Date.now()): string | null {
  return days === null ? null : new Date(now + days * 86_400_000).toISOString();
}

export const createApiKeySchema = z.strictObject({
  name: entityNameSchema,
  scopes: z
    .array(apiKeyScopeSchema, { error: 'Choose at least one scope' })
    .min(1, { error: 'Choose at least one scope' })
    .max(apiKeyScopes.length)
    .refine((s) => new Set(s).size === s.length, { error: 'Name each scope once' }),
  /** When the key stops working; null or absent: never. In the future, at most three years away. */
  expiresAt: z.iso
    .datetime({ offset: true, error: 'Use an ISO 8601 date-time, e.g. 2027-03-01T00:00:00Z' })
    .nullable()
    .optional()
    .refine((v) => v == null || Date.parse(v) > Date.now(), { error: 'Choose a date in the future' })
    .refine((v) => v == null || Date.parse(v) <= Date.now() + API_KEY_MAX_LIFETIME_DAYS * 86_400_000, {
      error: `Choose a date at most ${API_KEY_MAX_LIFETIME_DAYS / 365} years away`,
    }),
});
export type CreateApiKey = z.input<typeof createApiKeySchema>;

/** The answer to a creation: the key, and its secret, which is never shown again. */
export const createdApiKeySchema = z.object({
  apiKey: apiKeyItemSchema,
  /** Send as the Basic password. Shown once: the IAM keeps only its SHA-256. */
  secret: z.string().startsWith(API_KEY_SECRET_PREFIX),
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const apiKeyParamsSchema = z.object({ apiKeyId: z.uuid({ error: 'Use an API key id' }) });

/** An API key exchanged for a short-lived access token (ADR 048, 049): `sub` the key's id, its tenant and scopes. */
export const apiKeyAccessTokenSchema = z.object({
  /** The signed JWT (ES256, typ `at+jwt`), verified with `/.well-known/jwks.json`; `scope` holds the key's scopes. */
  accessToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type ApiKeyAccessToken = z.infer<typeof apiKeyAccessTokenSchema>;

import { z } from 'zod';
import { API_KEY_ID_PREFIX } from './api-keys.ts';

/** First-run client credentials, saved by the IAM API under DATA_DIR (mode 0600) and read by the BFF. */
export const CREDENTIALS_FILE = 'credentials.json';
export const credentialsFileSchema = z.object({
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
});
export type CredentialsFile = z.infer<typeof credentialsFileSchema>;

/**
 * Pieces of the environment both servers read (apps/iam and apps/bff config.ts), so that a
 * variable they share means the same and is checked the same way in each.
 */

/** An unset or empty variable is undefined; a set one is trimmed. */
export const optionalEnv = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const nodeEnvSchema = z.enum(['development', 'production', 'test']).default('development');
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');
/** `LOG_FORMAT`: `json` or `pretty`; unset, each server picks pretty on a terminal and JSON otherwise. */
export const logFormatSchema = optionalEnv.pipe(z.enum(['json', 'pretty'], { error: 'Use json or pretty' }).optional());
export const portSchema = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const dataDirSchema = z.string().trim().min(1).default('.data');

/** The tenant's client credentials when given by the environment (else generated on first run). */
export const apiKeySchema = optionalEnv.pipe(
  z
    .string()
    .min(8, { message: 'must be at least 8 characters' })
    // Keys made in the console start with it (ADR 048): the tenant's own must not, or the two would be confused.
    .refine((key) => !key.startsWith(API_KEY_ID_PREFIX), {
      message: `must not start with ${API_KEY_ID_PREFIX} (the prefix of the console's API keys)`,
    })
    .optional(),
);
export const apiSecretSchema = optionalEnv.pipe(
  z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
);

/** API_KEY and API_SECRET come together or not at all. */
export function checkApiCredentialsPair(
  env: { API_KEY?: string | undefined; API_SECRET?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (Boolean(env.API_KEY) !== Boolean(env.API_SECRET)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.API_KEY ? 'API_SECRET' : 'API_KEY'],
      message: 'API_KEY and API_SECRET must be set together',
    });
  }
}

/** A server cannot start with this environment; the message names each bad variable, never its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a server's environment once at boot, or throws a ConfigError listing every bad variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  service: string,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid ${service} configuration:\n${lines.join('\n')}`);
}

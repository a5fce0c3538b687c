import path from 'node:path';
import { ACCESS_TOKEN_TTL_DEFAULT_SECONDS, ACCESS_TOKEN_TTL_MAX_SECONDS } from '@team-access/contract';
import {
  apiKeySchema,
  apiSecretSchema,
  ConfigError,
  checkApiCredentialsPair,
  dataDirSchema,
  logFormatSchema,
  logLevelSchema,
  nodeEnvSchema,
  optionalEnv as optional,
  parseEnv,
  portSchema,
} from '@team-access/contract/server';
import { z } from 'zod';
import { parseMfaKey } from './security/secret-box.ts';

/** Days a finished job is kept when JOB_RETENTION_DAYS is unset. */
export const JOB_RETENTION_DAYS_DEFAULT = 30;

/** A whole number of days (1–36,500), or unset (empty counts as unset). */
const wholeDays = () =>
  optional.pipe(
    z
      .string()
      .regex(/^\d+$/, { message: 'must be a whole number of days' })
      .transform(Number)
      .pipe(z.number().int().min(1, { message: 'must be at least 1' }).max(36_500))
      .optional(),
  );

export const configSchema = z
  .object({
    NODE_ENV: nodeEnvSchema,
    IAM_PORT: portSchema(4000),
    // Loopback by default: on one machine only the BFF calls the IAM API. 0.0.0.0 (or ::) exposes it.
    IAM_HOST: z.string().trim().min(1).default('127.0.0.1'),
    DATA_DIR: dataDirSchema,
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
        .optional(),
    ),
    API_KEY: apiKeySchema,
    API_SECRET: apiSecretSchema,
    IAM_BOOTSTRAP_OWNER_EMAIL: optional.pipe(z.email({ message: 'must be an email address' }).optional()),
    IAM_BOOTSTRAP_OWNER_PASSWORD: optional.pipe(
      z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
    ),
    SMTP_URL: optional.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
        .optional(),
    ),
    APP_URL: optional.pipe(
      z
        .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
        .transform((url) => url.replace(/\/+$/, ''))
        .default('http://localhost:3000'),
    ),
    IAM_PUBLIC_URL: optional.pipe(
      z
        .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    MAIL_FROM: optional.pipe(
      z
        .string()
        .trim()
        .min(3)
        .max(320)
        .regex(/@/, { message: 'must name an address, e.g. "Team Access" <no-reply@example.com>' })
        .default('"Team Access" <no-reply@team-access.local>'),
    ),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    IAM_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(512),
    IAM_MAX_CONNECTIONS: z.coerce.number().int().positive().default(4096),
    // Unset: keep every audit event. Else events older than this many days are pruned in the background.
    AUDIT_RETENTION_DAYS: wholeDays(),
    // Finished jobs (done, cancelled, failed) and their outcome files are deleted this many days after they ended.
    JOB_RETENTION_DAYS: wholeDays().transform((days) => days ?? JOB_RETENTION_DAYS_DEFAULT),
    // Seals two-step (TOTP) secrets: 32 bytes as 64 hex digits or base64. Unset: DATA_DIR/mfa-key.
    MFA_ENCRYPTION_KEY: optional.pipe(
      z
        .string()
        .transform((value, ctx) => {
          const key = parseMfaKey(value);
          if (!key) {
            ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as 64 hex digits or base64' });
            return z.NEVER;
          }
          return key;
        })
        .optional(),
    ),
    // Lifetime of an access token (ADR 049): minutes, never a session's hours.
    ACCESS_TOKEN_TTL_SECONDS: optional.pipe(
      z
        .string()
        .regex(/^\d+$/, { message: 'must be a whole number of seconds' })
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .min(60, { message: 'must be at least 60' })
            .max(ACCESS_TOKEN_TTL_MAX_SECONDS, { message: `must be at most ${ACCESS_TOKEN_TTL_MAX_SECONDS}` }),
        )
        .default(ACCESS_TOKEN_TTL_DEFAULT_SECONDS),
    ),
    LOG_LEVEL: logLevelSchema,
    LOG_FORMAT: logFormatSchema,
  })
  .superRefine(checkApiCredentialsPair);

export type IamConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  bootstrapOwnerEmail: string | undefined;
  bootstrapOwnerPassword: string | undefined;
  smtpUrl: string | undefined;
  /** The web app's address as people open it: the links in mail start with it. */
  appUrl: string;
  mailFrom: string;
  /** The IAM API's address as its integrators call it: the OpenAPI document's server. Unset: `/` (wherever the document was read). */
  publicUrl: string | undefined;
  /** Headers and body of a request must arrive within this; else 408 and the connection closes. */
  requestTimeoutMs: number;
  /** Requests worked on at once; past it 503 with Retry-After (health checks are not counted). */
  maxInFlight: number;
  /** Open connections at once; more are closed as they are accepted. */
  maxConnections: number;
  logLevel: string;
  /** `json` or `pretty`; undefined: pretty on a terminal (`resolveLogFormat`). */
  logFormat: 'json' | 'pretty' | undefined;
  /** Audit events older than this many days are pruned in the background; undefined keeps all. */
  auditRetentionDays: number | undefined;
  /** Finished jobs and their outcome files are deleted this many days after they ended. */
  jobRetentionDays: number;
  /** Seals two-step secrets; undefined: the key saved under DATA_DIR (generated on first start). */
  mfaEncryptionKey: Buffer | undefined;
  /** Lifetime of an access token in seconds (60–3,600, default 300). */
  accessTokenTtlSeconds: number;
};

export { ConfigError };

/** Parses the environment once at boot; a bad variable fails fast with its name (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): IamConfig {
  const c = parseEnv(configSchema, env, 'IAM');
  return {
    nodeEnv: c.NODE_ENV,
    port: c.IAM_PORT,
    host: c.IAM_HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    apiKey: c.API_KEY,
    apiSecret: c.API_SECRET,
    bootstrapOwnerEmail: c.IAM_BOOTSTRAP_OWNER_EMAIL,
    bootstrapOwnerPassword: c.IAM_BOOTSTRAP_OWNER_PASSWORD,
    smtpUrl: c.SMTP_URL,
    appUrl: c.APP_URL,
    mailFrom: c.MAIL_FROM,
    publicUrl: c.IAM_PUBLIC_URL,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    maxInFlight: c.IAM_MAX_IN_FLIGHT,
    maxConnections: c.IAM_MAX_CONNECTIONS,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    auditRetentionDays: c.AUDIT_RETENTION_DAYS,
    jobRetentionDays: c.JOB_RETENTION_DAYS,
    mfaEncryptionKey: c.MFA_ENCRYPTION_KEY,
    accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
  };
}

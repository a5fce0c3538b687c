import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  apiKeySchema,
  apiSecretSchema,
  ConfigError,
  CREDENTIALS_FILE,
  checkApiCredentialsPair,
  credentialsFileSchema,
  dataDirSchema,
  logFormatSchema,
  logLevelSchema,
  nodeEnvSchema,
  optionalEnv as optional,
  parseEnv,
  portSchema,
} from '@team-access/contract/server';
import { z } from 'zod';

const duration = (fallbackMs: number) => z.coerce.number().int().positive().default(fallbackMs);

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export const configSchema = z
  .object({
    NODE_ENV: nodeEnvSchema,
    PORT: portSchema(3000),
    IAM_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    IAM_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
    API_KEY: apiKeySchema,
    API_SECRET: apiSecretSchema,
    DATA_DIR: dataDirSchema,
    REDIS_URL: optional.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
        .optional(),
    ),
    SESSION_SECRET: optional.pipe(z.string().min(32, { message: 'must be at least 32 characters' }).optional()),
    SESSION_IDLE_TIMEOUT_MS: duration(30 * 60 * 1000),
    SESSION_ABSOLUTE_TIMEOUT_MS: duration(12 * 60 * 60 * 1000),
    IAM_TIMEOUT_MS: duration(10_000),
    REQUEST_TIMEOUT_MS: duration(10_000),
    MAX_IN_FLIGHT: z.coerce.number().int().positive().default(256),
    MAX_IN_FLIGHT_PER_ADDRESS: z.coerce.number().int().positive().default(64),
    MAX_IN_FLIGHT_PER_SESSION: z.coerce.number().int().positive().default(16),
    MAX_CONNECTIONS: z.coerce.number().int().positive().default(4096),
    SIGN_IN_CONCURRENCY: z.coerce.number().int().positive().default(4),
    SIGN_IN_QUEUE: z.coerce.number().int().min(0).default(100),
    SIGN_IN_ACCOUNT_LIMIT: z.coerce.number().int().positive().default(10),
    SIGN_IN_IP_LIMIT: z.coerce.number().int().positive().default(100),
    SIGN_IN_WINDOW_MS: duration(15 * 60 * 1000),
    PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(100),
    PUBLIC_RATE_WINDOW_MS: duration(15 * 60 * 1000),
    // Express's `trust proxy`: true/false, a hop count, or addresses/subnets (comma-separated).
    // Off unless set: on loopback too, anyone on the machine could otherwise pick the address
    // the limits count by sending X-Forwarded-For.
    TRUST_PROXY: z
      .string()
      .trim()
      .min(1)
      .default('false')
      .transform((value): boolean | number | string => {
        if (value === 'true') return true;
        if (value === 'false') return false;
        if (/^\d+$/.test(value)) return Number(value);
        return value;
      }),
    // The web app's address as people open it; the only Host (with ALLOWED_ORIGINS) the BFF answers.
    APP_URL: optional.pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
    ALLOWED_ORIGINS: optional.pipe(
      z
        .string()
        .transform((value) =>
          value
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
        )
        .pipe(
          z.array(
            z
              .url({ protocol: /^https?$/, error: 'must be comma-separated http:// or https:// origins' })
              .refine((url) => URL.canParse(url) && new URL(url).origin === url.replace(/\/+$/, ''), {
                error: 'must be comma-separated origins (scheme, host and port; no path)',
              }),
          ),
        )
        .optional(),
    ),
    WEB_DIST: z.string().trim().min(1).default(DEFAULT_WEB_DIST),
    LOG_LEVEL: logLevelSchema,
    LOG_FORMAT: logFormatSchema,
  })
  .superRefine((env, ctx) => {
    checkApiCredentialsPair(env, ctx);
    if (env.REDIS_URL && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required with REDIS_URL, so every BFF instance derives the same session keys',
      });
    }
  });

export interface InFlightLimits {
  total: number;
  perAddress: number;
  perSession: number;
}

export interface BffConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  iamBaseUrl: string;
  apiKey: string;
  apiSecret: string;
  redisUrl: string | undefined;
  /** Keys the session store; random per process when unset (sessions then live and die with it). */
  sessionSecret: string | undefined;
  sessionIdleTimeoutMs: number;
  sessionAbsoluteTimeoutMs: number;
  iamTimeoutMs: number;
  /** Headers and body of a request must arrive within this; else 408 and the connection closes. */
  requestTimeoutMs: number;
  /** Requests under /api being worked on at once: in all, per client address, per session (503 beyond). */
  inFlightLimits: InFlightLimits;
  /** Open connections at once; more are closed as they are accepted. */
  maxConnections: number;
  /** Sign-ins sent to the IAM API at once, and how many may wait for a turn (503 beyond). */
  signInConcurrency: { concurrency: number; queue: number };
  /** Failed sign-ins allowed per account and per client address in one window. */
  signInLimits: { maxPerAccount: number; maxPerIp: number; windowMs: number };
  /** Calls to public routes (mailed-link pages, no session) allowed per client address in one window. */
  publicRateLimits: { maxPerIp: number; windowMs: number };
  trustProxy: boolean | number | string;
  /**
   * The origins (scheme://host[:port]) whose Host the BFF answers; any other gets 421. From
   * APP_URL (else http://localhost:PORT and http://127.0.0.1:PORT) and ALLOWED_ORIGINS. Left out
   * (tests on port 0), the BFF's own port on localhost and 127.0.0.1.
   */
  allowedOrigins?: string[];
  webDist: string;
  logLevel: string;
  /** `json` or `pretty`; undefined: pretty on a terminal (`resolveLogFormat`). */
  logFormat: 'json' | 'pretty' | undefined;
  /** Production: Secure cookie with the __Host- prefix, HSTS. */
  secureCookies: boolean;
}

export { ConfigError };

function readCredentials(dataDir: string): { apiKey: string; apiSecret: string } {
  const file = path.join(path.resolve(dataDir), CREDENTIALS_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `Invalid BFF configuration:\n  API_KEY: not set, and there is no ${file} (start the IAM API first, or set API_KEY and API_SECRET)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = credentialsFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`Invalid BFF configuration:\n  ${file} is not a valid credentials file`);
  return parsed.data;
}

/** Parses the environment once at boot; a bad variable fails fast with its name (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BffConfig {
  const c = parseEnv(configSchema, env, 'BFF');
  const credentials =
    c.API_KEY && c.API_SECRET ? { apiKey: c.API_KEY, apiSecret: c.API_SECRET } : readCredentials(c.DATA_DIR);
  return {
    nodeEnv: c.NODE_ENV,
    port: c.PORT,
    iamBaseUrl: (c.IAM_BASE_URL ?? `http://127.0.0.1:${c.IAM_PORT}`).replace(/\/+$/, ''),
    ...credentials,
    redisUrl: c.REDIS_URL,
    sessionSecret: c.SESSION_SECRET,
    sessionIdleTimeoutMs: c.SESSION_IDLE_TIMEOUT_MS,
    sessionAbsoluteTimeoutMs: c.SESSION_ABSOLUTE_TIMEOUT_MS,
    iamTimeoutMs: c.IAM_TIMEOUT_MS,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    inFlightLimits: {
      total: c.MAX_IN_FLIGHT,
      perAddress: c.MAX_IN_FLIGHT_PER_ADDRESS,
      perSession: c.MAX_IN_FLIGHT_PER_SESSION,
    },
    maxConnections: c.MAX_CONNECTIONS,
    signInConcurrency: { concurrency: c.SIGN_IN_CONCURRENCY, queue: c.SIGN_IN_QUEUE },
    signInLimits: {
      maxPerAccount: c.SIGN_IN_ACCOUNT_LIMIT,
      maxPerIp: c.SIGN_IN_IP_LIMIT,
      windowMs: c.SIGN_IN_WINDOW_MS,
    },
    publicRateLimits: { maxPerIp: c.PUBLIC_RATE_LIMIT, windowMs: c.PUBLIC_RATE_WINDOW_MS },
    trustProxy: c.TRUST_PROXY,
    allowedOrigins: [
      ...new Set([
        ...(c.APP_URL ? [new URL(c.APP_URL).origin] : [`http://localhost:${c.PORT}`, `http://127.0.0.1:${c.PORT}`]),
        ...(c.ALLOWED_ORIGINS ?? []).map((origin) => new URL(origin).origin),
      ]),
    ],
    webDist: path.resolve(c.WEB_DIST),
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    secureCookies: c.NODE_ENV === 'production',
  };
}

import path from 'node:path';
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    IAM_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
        .optional(),
    ),
    API_KEY: optional.pipe(z.string().min(8, { message: 'must be at least 8 characters' }).optional()),
    API_SECRET: optional.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.API_KEY) !== Boolean(env.API_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.API_KEY ? 'API_SECRET' : 'API_KEY'],
        message: 'API_KEY and API_SECRET must be set together',
      });
    }
  });

export type IamConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  bootstrapOwnerEmail: string | undefined;
  bootstrapOwnerPassword: string | undefined;
  smtpUrl: string | undefined;
  logLevel: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at boot; a bad variable fails fast with its name (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): IamConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid IAM configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    nodeEnv: c.NODE_ENV,
    port: c.IAM_PORT,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    apiKey: c.API_KEY,
    apiSecret: c.API_SECRET,
    bootstrapOwnerEmail: c.IAM_BOOTSTRAP_OWNER_EMAIL,
    bootstrapOwnerPassword: c.IAM_BOOTSTRAP_OWNER_PASSWORD,
    smtpUrl: c.SMTP_URL,
    logLevel: c.LOG_LEVEL,
  };
}

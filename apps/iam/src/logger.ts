import { type Logger, pino } from 'pino';

/** Paths pino blanks in every log line: credentials, cookies, tokens and passwords. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-actor-token"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  'apiSecret',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.apiSecret',
  '*.secret',
];

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
  });
}
export type { Logger };

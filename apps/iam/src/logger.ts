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

/**
 * Errors as pino shows them, minus the values of a failed query (database errors carry `params`:
 * emails, keys, hashes); the SQL text stays, for debugging.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const {
    params: _params,
    parameters: _parameters,
    ...rest
  } = pino.stdSerializers.err(error) as Record<string, unknown>;
  return rest;
}

export function createLogger(level: string, name: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}
export type { Logger };

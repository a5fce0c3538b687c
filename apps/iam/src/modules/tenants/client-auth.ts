import { AppError } from '../../errors.ts';
import type { Tenant } from '../../kernel/context.ts';
import { digestsEqual, sha256 } from '../../security/tokens.ts';
import type { TenantRow } from './repository.ts';

export type { Tenant };

const DUMMY_DIGEST = sha256('no tenant has this secret');

/** The key and secret of `Authorization: Basic …`; undefined when it is missing or malformed. */
export function parseBasic(header: string | undefined): { key: string; secret: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const key = decoded.slice(0, colon);
  // Keys are printable; a control character (NUL included) cannot match one, and must not reach SQL.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what is refused here
  if (key.length > 200 || /[\u0000-\u001f\u007f\ufffd]/.test(key)) return undefined;
  return { key, secret: decoded.slice(colon + 1) };
}

/** The 401 of a call without valid client credentials, with the `WWW-Authenticate` challenge to send. */
export function clientAuthRequired(): AppError {
  return new AppError(401, 'client_auth_required', 'Send Basic base64(API_KEY:API_SECRET).');
}

export const CLIENT_AUTH_CHALLENGE = 'Basic realm="iam", charset="UTF-8"';

/** Whether `secret` is the tenant's, compared by digest in constant time (against a dummy when there is no tenant). */
export function secretMatches(tenant: Pick<TenantRow, 'api_secret_hash'> | undefined, secret: string): boolean {
  const stored = tenant ? Buffer.from(tenant.api_secret_hash) : DUMMY_DIGEST;
  return digestsEqual(sha256(secret), stored) && tenant !== undefined;
}

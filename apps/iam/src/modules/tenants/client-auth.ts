import type { RequestHandler } from 'express';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Tenant } from '../../kernel/context.ts';
import { digestsEqual, sha256 } from '../../security/tokens.ts';
import { tenantRepository } from './repository.ts';

export type { Tenant };

const DUMMY_DIGEST = sha256('no tenant has this secret');

function parseBasic(header: string | undefined): { key: string; secret: string } | undefined {
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

const unauthorized = () => new AppError(401, 'client_auth_required', 'Send Basic base64(API_KEY:API_SECRET).');

/** Basic API_KEY:API_SECRET on every /v2/client route; the secret's digest is compared in constant time. */
export function clientAuth(db: Db): RequestHandler {
  return async (req, res, next) => {
    const credentials = parseBasic(req.headers.authorization);
    if (!credentials) {
      res.setHeader('WWW-Authenticate', 'Basic realm="iam", charset="UTF-8"');
      throw unauthorized();
    }
    const tenant = await tenantRepository.findByApiKey(db, credentials.key);
    const presented = sha256(credentials.secret);
    const stored = tenant ? Buffer.from(tenant.api_secret_hash) : DUMMY_DIGEST;
    const ok = digestsEqual(presented, stored);
    if (!tenant || !ok) {
      res.setHeader('WWW-Authenticate', 'Basic realm="iam", charset="UTF-8"');
      throw unauthorized();
    }
    res.locals.tenant = { id: tenant.id, name: tenant.name } satisfies Tenant;
    next();
  };
}

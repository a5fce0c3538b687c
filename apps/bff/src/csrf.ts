import { CSRF_HEADER } from '@team-access/contract';
import type { Request, RequestHandler } from 'express';
import { problem } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

/**
 * CSRF defence for /api, as the IETF browser-based-apps BFF draft and Duende BFF do it:
 * every request carries `X-CSRF: 1`, which a cross-site page cannot send without a CORS
 * preflight that this server never grants; a state-changing request that says it comes from
 * another site (Sec-Fetch-Site, or an Origin other than ours) is refused as well.
 */
export const csrfProtection: RequestHandler = (req, res, next) => {
  if (req.headers[CSRF_HEADER] !== '1') {
    return problem(res, 403, 'csrf_rejected', 'Every /api request must carry the header X-CSRF: 1.');
  }
  if (!SAFE_METHODS.has(req.method)) {
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && !SAME_SITE_FETCH.has(site)) {
      return problem(res, 403, 'csrf_rejected', 'Cross-site requests are refused.');
    }
    // Our origin as the browser sees it: behind a trusted proxy (TRUST_PROXY), `req.protocol` and
    // `req.host` come from X-Forwarded-Proto/-Host; from anyone else those headers are ignored.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `${req.protocol}://${req.host}`) {
      return problem(res, 403, 'csrf_rejected', 'Cross-origin requests are refused.');
    }
  }
  next();
};

/** The origin the browser used for this request: behind a trusted proxy, from X-Forwarded-Proto/-Host. */
function requestOrigin(req: Request): string | undefined {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * Answers only for the configured origins (APP_URL, ALLOWED_ORIGINS): a page on another name that
 * resolves to this server (DNS rebinding) is same-origin with itself, so its requests would pass
 * the Origin check; it gets 421 instead. `allowed` undefined means this server's own port on
 * localhost and 127.0.0.1.
 */
export function hostAllowList(allowed: string[] | undefined): RequestHandler {
  const fixed = allowed ? new Set(allowed) : undefined;
  return (req, res, next) => {
    const origin = requestOrigin(req);
    const port = req.socket.localPort;
    const ok =
      origin !== undefined &&
      (fixed ? fixed.has(origin) : origin === `http://localhost:${port}` || origin === `http://127.0.0.1:${port}`);
    if (!ok) {
      return problem(res, 421, 'misdirected_request', 'This server does not answer for this host name.');
    }
    next();
  };
}

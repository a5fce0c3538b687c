import { userSchema } from '@team-access/contract';
import express from 'express';
import type { BffConfig } from './config.ts';
import { problem } from './errors.ts';
import { clientOf, type IamClient, UpstreamProblem } from './iam-client.ts';
import type { Sessions } from './session.ts';

/** What the relay passes on from the IAM's answer; nothing else (no cookies, no server names). */
const PASSED_HEADERS = ['content-type', 'content-length', 'cache-control', 'content-security-policy', 'etag'];

/**
 * `/docs`: the IAM API's interactive reference (its page, its script and the document it loads),
 * relayed read-only to a signed-in OWNER or ADMIN. The page holds no credentials and calls no API:
 * the BFF asks the IAM who the session's user is, then fetches the public page from the IAM.
 * The IAM's Content-Security-Policy for the page replaces the console's on these paths only
 * (Redoc needs a worker from a blob).
 */
export function docsRelay(deps: {
  config: Pick<BffConfig, 'iamBaseUrl' | 'iamTimeoutMs'>;
  iam: IamClient;
  sessions: Sessions;
}): express.Router {
  const router = express.Router();
  router.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    try {
      const session = await deps.sessions.load(req);
      if (!session) return problem(res, 401, 'unauthenticated', 'Sign in as an OWNER or ADMIN first.');
      let user: { role: string } | undefined;
      try {
        user = await deps.iam.call('GET', '/auth/me', {
          schema: userSchema,
          actorToken: session.data.iamToken,
          requestId: String(res.locals.requestId),
          client: clientOf(req),
        });
      } catch (error) {
        if (error instanceof UpstreamProblem && (error.problem.status === 401 || error.problem.status === 403)) {
          return problem(res, error.problem.status, 'unauthenticated', 'Sign in as an OWNER or ADMIN first.');
        }
        throw error;
      }
      if (user?.role !== 'OWNER' && user?.role !== 'ADMIN') {
        return problem(res, 403, 'forbidden', 'The API reference is for OWNERs and ADMINs.');
      }
      const upstream = await fetch(`${deps.config.iamBaseUrl}/docs${req.path === '/' ? '' : req.path}`, {
        method: req.method,
        signal: AbortSignal.timeout(deps.config.iamTimeoutMs),
      });
      if (!upstream.ok) return problem(res, 404, 'not_found');
      res.status(200);
      for (const name of PASSED_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) res.setHeader(name, value);
      }
      res.setHeader('Cache-Control', 'private, no-cache');
      res.end(req.method === 'HEAD' ? undefined : Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

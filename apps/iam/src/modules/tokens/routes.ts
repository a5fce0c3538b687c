import type http from 'node:http';
import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { sendOperatorProblem, withOperatorDoor } from '../../http/operator-door.ts';
import { mountRoute } from '../../http/route.ts';
import type { Logger } from '../../logger.ts';
import { jsonWebKeySet, rotateSigningKey } from './service.ts';

/** Where `pnpm tokens:rotate` asks a running IAM API to rotate the signing key. */
export const ROTATE_PATH = '/internal/tokens/rotate';

/**
 * A verifier caches the key set this long. A rotation's new key is used at once: a verifier that
 * meets an unknown kid fetches the set again (jose's `createRemoteJWKSet` does).
 */
const JWKS_CACHE = 'public, max-age=300';

export function mountTokenRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.jwks, async () => ({
    status: 200,
    body: await jsonWebKeySet(db),
    headers: { 'Cache-Control': JWKS_CACHE },
  }));
}

/**
 * `POST /internal/tokens/rotate` (ADR 049): an operator's door like the backup's (this machine
 * only, the client credentials). Answers the new kid, never a key.
 */
export function withRotateRoute(
  next: http.RequestListener,
  deps: { db: Db; credentials: { apiKey: string; apiSecret: string }; logger: Logger },
): http.RequestListener {
  return withOperatorDoor(next, {
    path: ROTATE_PATH,
    what: 'Key rotations',
    credentials: deps.credentials,
    handle: async (req, res) => {
      const rotated = await rotateSigningKey(deps.db, { ip: req.socket.remoteAddress });
      deps.logger.info({ kid: rotated.kid, retiredKid: rotated.retiredKid }, 'access-token signing key rotated');
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(rotated));
    },
    onError: (error, res) => {
      deps.logger.error({ err: error }, 'signing key rotation failed');
      sendOperatorProblem(res, 500, 'internal_error', 'The signing key could not be rotated. Try again.');
    },
  });
}

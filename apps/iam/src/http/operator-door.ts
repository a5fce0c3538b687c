import type http from 'node:http';
import { makeProblem, type ProblemCode } from '@team-access/contract';
import { digestsEqual, sha256 } from '../security/tokens.ts';

/**
 * An operator's door (`pnpm backup`, `pnpm tokens:rotate`, ADR 030): a path outside the API,
 * answered only to this machine (a loopback peer, no proxy header) and only with the tenant's
 * client credentials as Basic auth. Not in the OpenAPI document.
 */

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function sendOperatorProblem(res: http.ServerResponse, status: number, code: ProblemCode, detail: string): void {
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...(status === 401 ? { 'www-authenticate': 'Basic realm="team-access-operator"' } : {}),
  });
  res.end(JSON.stringify(makeProblem(status, code, detail)));
}

/**
 * A request listener for `path` (POST only) in front of `next`: a call that is not from this
 * machine or lacks the client credentials is answered with a problem; the rest go to `handle`.
 * `what` names the operation in the refusals ("Backups").
 */
export function withOperatorDoor(
  next: http.RequestListener,
  door: {
    path: string;
    what: string;
    credentials: { apiKey: string; apiSecret: string };
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
    onError: (error: unknown, res: http.ServerResponse) => void;
  },
): http.RequestListener {
  const expected = sha256(`${door.credentials.apiKey}:${door.credentials.apiSecret}`);
  return (req, res) => {
    if (req.url?.split('?')[0] !== door.path) return next(req, res);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendOperatorProblem(res, 405, 'method_not_allowed', `${door.what} are taken with POST.`);
    }
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || req.headers['x-forwarded-for'] !== undefined) {
      return sendOperatorProblem(res, 403, 'forbidden', `${door.what} are answered only to this machine (127.0.0.1).`);
    }
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const given = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    if (!digestsEqual(sha256(given), expected)) {
      return sendOperatorProblem(
        res,
        401,
        'client_auth_required',
        'authorization: send the client credentials (API_KEY:API_SECRET) as Basic auth.',
      );
    }
    door.handle(req, res).catch((error: unknown) => door.onError(error, res));
  };
}

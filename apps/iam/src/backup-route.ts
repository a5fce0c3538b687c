import type http from 'node:http';
import { makeProblem, type ProblemCode } from '@team-access/contract';
import type { Db } from './db/client.ts';
import type { Logger } from './logger.ts';
import { digestsEqual, sha256 } from './security/tokens.ts';

/** Where `pnpm backup` asks a running IAM API for a consistent copy of its embedded database. */
export const BACKUP_PATH = '/internal/backup';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sendProblem(res: http.ServerResponse, status: number, code: ProblemCode, detail: string): void {
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...(status === 401 ? { 'www-authenticate': 'Basic realm="team-access-backup"' } : {}),
  });
  res.end(JSON.stringify(makeProblem(status, code, detail)));
}

/**
 * `POST /internal/backup` (ADR 030): answered only to this machine (a loopback peer, no proxy
 * header) and only with the tenant's client credentials as Basic auth, the ones in
 * DATA_DIR/credentials.json. The body is PGlite's gzipped data-folder tarball, taken between
 * transactions. Not in the OpenAPI document: an operator's door, not part of the API.
 * Returns a listener that handles that path and passes everything else to `next`.
 */
export function withBackupRoute(
  next: http.RequestListener,
  deps: { db: Db; credentials: { apiKey: string; apiSecret: string }; logger: Logger },
): http.RequestListener {
  const expected = sha256(`${deps.credentials.apiKey}:${deps.credentials.apiSecret}`);
  return (req, res) => {
    if (req.url?.split('?')[0] !== BACKUP_PATH) return next(req, res);
    void (async () => {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        return sendProblem(res, 405, 'method_not_allowed', 'Backups are taken with POST.');
      }
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || req.headers['x-forwarded-for'] !== undefined) {
        return sendProblem(res, 403, 'forbidden', 'Backups are answered only to this machine (127.0.0.1).');
      }
      const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
      const given = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
      if (!digestsEqual(sha256(given), expected)) {
        return sendProblem(
          res,
          401,
          'client_auth_required',
          'authorization: send the client credentials (API_KEY:API_SECRET) as Basic auth.',
        );
      }
      if (!deps.db.dumpDataDir) {
        return sendProblem(
          res,
          409,
          'conflict',
          'This IAM API runs on PostgreSQL (DATABASE_URL): back it up with pg_dump (docs/operations.md).',
        );
      }
      const started = performance.now();
      const tarball = Buffer.from(await (await deps.db.dumpDataDir()).arrayBuffer());
      deps.logger.info({ bytes: tarball.length, ms: Math.round(performance.now() - started) }, 'backup taken');
      res.writeHead(200, {
        'content-type': 'application/gzip',
        'content-length': String(tarball.length),
        'cache-control': 'no-store',
      });
      res.end(tarball);
    })().catch((error: unknown) => {
      deps.logger.error({ err: error }, 'backup failed');
      if (!res.headersSent) sendProblem(res, 500, 'internal_error', 'The backup could not be taken. Try again.');
      else res.destroy();
    });
  };
}

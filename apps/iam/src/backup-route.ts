import type http from 'node:http';
import type { Db } from './db/client.ts';
import { sendOperatorProblem, withOperatorDoor } from './http/operator-door.ts';
import type { Logger } from './logger.ts';

/** Where `pnpm backup` asks a running IAM API for a consistent copy of its embedded database. */
export const BACKUP_PATH = '/internal/backup';

/**
 * `POST /internal/backup` (ADR 030): an operator's door (this machine only, the tenant's client
 * credentials as Basic auth, the ones in DATA_DIR/credentials.json). The body is PGlite's
 * gzipped data-folder tarball, taken between transactions. Not in the OpenAPI document.
 * Returns a listener that handles that path and passes everything else to `next`.
 */
export function withBackupRoute(
  next: http.RequestListener,
  deps: { db: Db; credentials: { apiKey: string; apiSecret: string }; logger: Logger },
): http.RequestListener {
  return withOperatorDoor(next, {
    path: BACKUP_PATH,
    what: 'Backups',
    credentials: deps.credentials,
    handle: async (_req, res) => {
      if (!deps.db.dumpDataDir) {
        return sendOperatorProblem(
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
    },
    onError: (error, res) => {
      deps.logger.error({ err: error }, 'backup failed');
      if (!res.headersSent)
        sendOperatorProblem(res, 500, 'internal_error', 'The backup could not be taken. Try again.');
      else res.destroy();
    },
  });
}

import { randomBytes } from 'node:crypto';
import { buildOpenApiDocument, makeProblem, routes } from '@team-access/contract';
import { InFlight, releaseWhenClosed } from '@team-access/http-server';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Db } from './db/client.ts';
import { errorHandler, notFoundHandler, sendProblem } from './errors.ts';
import { requestId } from './http/request-id.ts';
import { mountRoute } from './http/route.ts';
import type { Logger } from './logger.ts';
import { mountAuditRoutes } from './modules/audit/routes.ts';
import { mountAuthRoutes } from './modules/auth/routes.ts';
import { mountSessionRoutes } from './modules/auth/sessions-routes.ts';
import { mountTwoStepRoutes } from './modules/auth/two-step-routes.ts';
import { mountInvitationRoutes } from './modules/invitations/routes.ts';
import { mountOrganizationRoutes } from './modules/organizations/routes.ts';
import { mountRoleRoutes } from './modules/roles/routes.ts';
import { mountUserRoutes } from './modules/users/routes.ts';
import { secretBox } from './security/secret-box.ts';

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** The web app's address as people open it: links in mail start with it (config APP_URL). */
  appUrl?: string;
  /** Requests worked on at once; past it 503 with Retry-After (config IAM_MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /**
   * The 32-byte key that seals two-step secrets (config MFA_ENCRYPTION_KEY, or DATA_DIR/mfa-key).
   * Left out (tests): a random key for this app only, so its secrets open nowhere else.
   */
  mfaKey?: Buffer;
}

export const DEFAULT_MAX_IN_FLIGHT = 512;

/**
 * Bounded work: a request past `max` in flight is answered 503 with Retry-After before its body
 * is read or the database is asked, instead of queueing without limit. Health checks pass.
 */
function limitInFlight(max: number): RequestHandler {
  const inFlight = new InFlight();
  return (req, res, next) => {
    if (req.path === '/healthz' || req.path === '/readyz') return next();
    const release = inFlight.tryAcquire([['all', max]]);
    if (!release) {
      req.log.warn('refused: too many requests in flight');
      res.setHeader('Retry-After', '1');
      sendProblem(
        res,
        makeProblem(503, 'overloaded', 'The IAM service is busy. Try again in a moment.', {
          requestId: String(res.locals.requestId),
        }),
      );
      return;
    }
    releaseWhenClosed(res, release);
    next();
  };
}

export const DEFAULT_APP_URL = 'http://localhost:3000';

/** Builds the IAM API with no side effects: no listen, no migrations, no timers. */
export function createApp({
  db,
  logger,
  appUrl = DEFAULT_APP_URL,
  maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  mfaKey = randomBytes(32),
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger,
      genReqId: requestId,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use((req, res, next) => {
    res.locals.requestId = String(req.id);
    next();
  });
  app.use(limitInFlight(maxInFlight));
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));

  mountRoute(app, db, routes.healthz, async () => ({ status: 200, body: { status: 'ok' } }));
  mountRoute(app, db, routes.readyz, async () =>
    (await db.ping()) ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'unavailable' } },
  );
  const openapi = buildOpenApiDocument();
  mountRoute(app, db, routes.openapi, async () => ({ status: 200, body: openapi }));

  const client = express.Router();
  mountAuthRoutes(client, db, { appUrl });
  mountUserRoutes(client, db, { appUrl });
  mountSessionRoutes(client, db);
  mountTwoStepRoutes(client, db, secretBox(mfaKey));
  mountRoleRoutes(client, db);
  mountOrganizationRoutes(client, db);
  mountInvitationRoutes(client, db, { appUrl });
  mountAuditRoutes(client, db);
  app.use(client);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

import { randomBytes } from 'node:crypto';
import { buildOpenApiDocument, makeProblem, type RouteDef, routeList, routes } from '@team-access/contract';
import { InFlight, type LogFormat, releaseWhenClosed, requestLogLevel } from '@team-access/http-server';
import express, { type Express, type RequestHandler } from 'express';
import type { Db } from './db/client.ts';
import { errorHandler, notFoundHandler, sendProblem } from './errors.ts';
import { docsRouter } from './http/docs.ts';
import { requestIdOf, requestLogger } from './http/request-log.ts';
import { mountRoute } from './http/route.ts';
import type { Logger } from './logger.ts';
import { mountApiKeyRoutes } from './modules/api-keys/routes.ts';
import { mountAuditRoutes } from './modules/audit/routes.ts';
import { relyingPartyOf } from './modules/auth/passkeys.ts';
import { mountAuthRoutes } from './modules/auth/routes.ts';
import { mountSessionRoutes } from './modules/auth/sessions-routes.ts';
import { mountTwoStepRoutes } from './modules/auth/two-step-routes.ts';
import { mountBulkRoutes } from './modules/bulk/routes.ts';
import { mountInvitationRoutes } from './modules/invitations/routes.ts';
import { mountJobRoutes } from './modules/jobs/routes.ts';
import { mountMemberImportRoutes } from './modules/member-import/routes.ts';
import { mountOrganizationRoutes } from './modules/organizations/routes.ts';
import { mountOverviewRoutes } from './modules/overview/routes.ts';
import { mountPermissionCheckRoutes } from './modules/permission-checks/routes.ts';
import { mountRoleRoutes } from './modules/roles/routes.ts';
import { mountTenantRoutes } from './modules/tenants/settings.ts';
import { mountTokenRoutes } from './modules/tokens/routes.ts';
import { type AccessTokenSettings, DEFAULT_ACCESS_TOKEN_SETTINGS } from './modules/tokens/service.ts';
import { mountUserRoutes } from './modules/users/routes.ts';
import { mountWebhookRoutes } from './modules/webhooks/routes.ts';
import { secretBox } from './security/secret-box.ts';

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** The web app's address as people open it: links in mail start with it (config APP_URL). */
  appUrl?: string;
  /** Requests worked on at once; past it 503 with Retry-After (config IAM_MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /** The IAM API's public address: the OpenAPI document's server (config IAM_PUBLIC_URL). */
  publicUrl?: string;
  /**
   * The 32-byte key that seals two-step secrets (config MFA_ENCRYPTION_KEY, or DATA_DIR/mfa-key).
   * Left out (tests): a random key for this app only, so its secrets open nowhere else.
   */
  mfaKey?: Buffer;
  /** How log lines look (config LOG_FORMAT, resolved): on a terminal a request that went well is `debug`. */
  logFormat?: LogFormat;
  /** Access tokens' issuer and default lifetime (IAM_PUBLIC_URL, ACCESS_TOKEN_TTL_SECONDS). */
  accessTokens?: AccessTokenSettings;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may point at private and loopback addresses (ADR 050). */
  webhookAllowPrivate?: boolean;
}

export const DEFAULT_MAX_IN_FLIGHT = 512;

/**
 * Bounded work: a request past `max` in flight is answered 503 with Retry-After before its body
 * is read or the database is asked, instead of queueing without limit. Health checks pass.
 */
function limitInFlight(max: number): RequestHandler {
  const inFlight = new InFlight();
  const unlimited = new Set(routeList.filter((r) => r.inFlightLimit === false).map((r) => r.path));
  return (req, res, next) => {
    if (unlimited.has(req.path)) return next();
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

/**
 * A known path asked with a method it does not have: 405 with `Allow` (as OPTIONS answers it),
 * not a 404 that says the resource does not exist.
 */
function methodNotAllowed(list: readonly RouteDef[]): RequestHandler {
  const paths = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of list) {
    const entry = paths.get(route.path) ?? {
      pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
      methods: new Set<string>(),
    };
    entry.methods.add(route.method.toUpperCase());
    if (route.method === 'get') entry.methods.add('HEAD');
    paths.set(route.path, entry);
  }
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const allowed = new Set<string>();
    for (const { pattern, methods } of paths.values()) {
      if (pattern.test(req.path)) for (const m of methods) allowed.add(m);
    }
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    res.setHeader('Allow', [...allowed].join(', '));
    sendProblem(
      res,
      makeProblem(405, 'method_not_allowed', `${req.method} is not allowed here. Use ${[...allowed].join(', ')}.`, {
        requestId: String(res.locals.requestId),
      }),
    );
  };
}

export const DEFAULT_APP_URL = 'http://localhost:3000';

/** Builds the IAM API with no side effects: no listen, no migrations, no timers. */
export function createApp({
  db,
  logger,
  appUrl = DEFAULT_APP_URL,
  maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  publicUrl,
  mfaKey = randomBytes(32),
  logFormat = 'json',
  accessTokens = DEFAULT_ACCESS_TOKEN_SETTINGS,
  webhookAllowPrivate = false,
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  app.use(
    requestLogger(logger, {
      level: requestLogLevel(logFormat),
      ignore: (req) => req.url === '/healthz' || req.url === '/readyz',
    }),
  );
  app.use((req, res, next) => {
    res.locals.requestId = requestIdOf(req);
    next();
  });
  app.use(limitInFlight(maxInFlight));
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));

  mountRoute(app, db, routes.healthz, async () => ({ status: 200, body: { status: 'ok' } }));
  mountRoute(app, db, routes.readyz, async () =>
    (await db.ping()) ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'unavailable' } },
  );
  // Built on first request, not at every start (ADR 030): most starts never serve it.
  let openapi: ReturnType<typeof buildOpenApiDocument> | undefined;
  mountRoute(app, db, routes.openapi, async () => {
    openapi ??= buildOpenApiDocument(publicUrl ? { serverUrl: publicUrl } : {});
    return { status: 200, body: openapi };
  });
  app.use(
    '/docs',
    docsRouter(() => (openapi ??= buildOpenApiDocument(publicUrl ? { serverUrl: publicUrl } : {}))),
  );

  const client = express.Router();
  mountAuthRoutes(client, db, { appUrl }, accessTokens);
  mountMemberImportRoutes(client, db, { appUrl });
  mountUserRoutes(client, db, { appUrl });
  mountBulkRoutes(client, db, { appUrl });
  mountJobRoutes(client, db);
  mountSessionRoutes(client, db);
  mountTwoStepRoutes(client, db, secretBox(mfaKey), relyingPartyOf(appUrl), accessTokens);
  mountTenantRoutes(client, db);
  mountWebhookRoutes(client, db, { box: secretBox(mfaKey), allowPrivate: webhookAllowPrivate });
  mountRoleRoutes(client, db);
  mountOrganizationRoutes(client, db);
  mountInvitationRoutes(client, db, { appUrl });
  mountAuditRoutes(client, db);
  mountOverviewRoutes(client, db);
  mountApiKeyRoutes(client, db, accessTokens);
  mountPermissionCheckRoutes(client, db);
  mountTokenRoutes(client, db);
  app.use(client);

  app.use(methodNotAllowed(routeList));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

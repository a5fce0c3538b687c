import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  browserSessionSchema,
  browserTwoStepSchema,
  makeProblem,
  REQUEST_ID_HEADER,
  type RouteDef,
  type SignInAnswer,
  type SignInResult,
  signInAnswerSchema,
  signInResultSchema,
  signInSchema,
  userSchema,
  webAuthnOptionsSchema,
} from '@team-access/contract';
import {
  ConcurrencyGate,
  connectionGone,
  InFlight,
  releaseWhenClosed,
  requestLogLevel,
  resolveLogFormat,
} from '@team-access/http-server';
import compression from 'compression';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { BffConfig } from './config.ts';
import { csrfProtection, hostAllowList } from './csrf.ts';
import { docsRelay } from './docs.ts';
import { BffError, errorHandler, problem, sendJsonNoStore, sendProblem } from './errors.ts';
import { type ClientContext, clientOf, type IamClient, UpstreamProblem } from './iam-client.ts';
import { createIamProxy, refuseOverloaded } from './proxy.ts';
import type { PublicRouteLimiter, SignInLimiter } from './rate-limit.ts';
import type { SessionStore, Sessions } from './session.ts';

export interface BffDeps {
  config: Pick<
    BffConfig,
    | 'secureCookies'
    | 'iamBaseUrl'
    | 'iamTimeoutMs'
    | 'trustProxy'
    | 'webDist'
    | 'allowedOrigins'
    | 'inFlightLimits'
    | 'signInConcurrency'
  > &
    Partial<Pick<BffConfig, 'logFormat'>>;
  logger: Logger;
  iam: IamClient;
  sessions: Sessions;
  store: SessionStore;
  signInLimiter: SignInLimiter;
  /** The per-address limit on the public routes (`browser: 'public'`), which run without a session. */
  publicLimiter: PublicRouteLimiter;
  /** The proxied routes; the contract's browser routes unless a test says otherwise. */
  proxyRoutes?: RouteDef[];
  /** The proxy's upstream sockets; the in-flight total unless a test says otherwise. */
  proxyMaxSockets?: number;
  /** The in-flight counter, when a test wants to read it. */
  inFlight?: InFlight;
}

/** The IAM API's answer to a wrong password; a locked account gets exactly this too. */
const WRONG_CREDENTIALS_DETAIL = 'The email or password is wrong.';
/** The answer to a wrong second-step code; an expired pending sign-in and a locked account get it too. */
const WRONG_CODE_DETAIL = 'The code is wrong or has expired. Sign in again if it keeps failing.';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Passes an IAM problem through (4xx), or maps our own errors; the IAM answer never reveals secrets. */
function handleIamError(res: Response, error: unknown): void {
  if (error instanceof UpstreamProblem) {
    sendProblem(res, { ...error.problem, requestId: String(res.locals.requestId) });
    return;
  }
  throw error;
}

/** Ends an IAM session the browser no longer holds; best effort (it also expires on its own). */
function endIamSession(iam: IamClient, logger: Logger, iamToken: string, requestId: string, client?: ClientContext) {
  return iam
    .call('POST', '/auth/sign-out', { schema: null, actorToken: iamToken, requestId, ...(client ? { client } : {}) })
    .catch((err) => logger.warn({ err: { message: (err as Error).message } }, 'IAM sign-out failed'));
}

/**
 * Bounded work under /api: a request past the in-flight limit in all or for its client address is
 * answered 503 with Retry-After at once, instead of queueing behind the others.
 */
function limitInFlight(inFlight: InFlight, limits: BffConfig['inFlightLimits']): RequestHandler {
  return (req, res, next) => {
    const release = inFlight.tryAcquire([
      ['all', limits.total],
      [`address:${req.ip ?? 'unknown'}`, limits.perAddress],
    ]);
    if (!release) {
      req.log.warn({ address: req.ip }, 'refused: too many requests in flight');
      return refuseOverloaded(res, 'The server is busy. Try again in a moment.');
    }
    releaseWhenClosed(res, release);
    next();
  };
}

/**
 * The browser never gets an access token (ADR 049): a sign-in body that asks for one is a 400
 * naming the field, before the brute-force limits count it, and the IAM API is never asked.
 */
function refusesAccessToken(req: Request, res: Response): boolean {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || !('accessToken' in body)) return false;
  sendProblem(
    res,
    makeProblem(400, 'validation_failed', 'The console signs in without an access token.', {
      requestId: String(res.locals.requestId),
      errors: [{ path: 'body.accessToken', message: 'Leave this field out', code: 'unrecognized_keys' }],
    }),
  );
  return true;
}

function sessionRoutes({ config, iam, sessions, signInLimiter }: BffDeps): express.Router {
  const router = express.Router();
  // Sign-ins the IAM API works on at once: past its throughput, answers would come later than the
  // IAM timeout and leave sessions nobody holds. A sign-in waits for a turn at most half of what
  // is left of its deadline, and the IAM call gets the rest.
  const signInGate = new ConcurrencyGate(config.signInConcurrency.concurrency, config.signInConcurrency.queue);
  // Every sign-in is answered within IAM_TIMEOUT_MS of its arrival, less a margin for the BFF's
  // own work after the IAM API answers (and for a busy event loop).
  const signInMarginMs = Math.min(1_000, Math.floor(config.iamTimeoutMs / 10));
  const arrivals = new WeakMap<Request, number>();
  const arrived: RequestHandler = (req, _res, next) => {
    arrivals.set(req, performance.now());
    next();
  };
  const json = express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] });

  // Who is signed in: the session, or `null` (200) when nobody is. Not a 401: every visit to the
  // sign-in page asks, and a 4xx would be a red line in the browser's console each time.
  router.get('/', async (req, res) => {
    const session = await sessions.load(req);
    if (!session) return sendJsonNoStore(res, 200, null);
    try {
      const user = await iam.call('GET', '/auth/me', {
        schema: userSchema,
        actorToken: session.data.iamToken,
        requestId: String(res.locals.requestId),
        client: clientOf(req),
      });
      sendJsonNoStore(
        res,
        200,
        browserSessionSchema.parse({ user, expiresAt: new Date(session.data.expiresAt).toISOString() }),
      );
    } catch (error) {
      if (error instanceof UpstreamProblem && error.problem.status === 401) {
        // The IAM session ended (signed out elsewhere, revoked, expired): nobody is signed in here.
        await sessions.destroy(req, res);
        return sendJsonNoStore(res, 200, null);
      }
      handleIamError(res, error);
    }
  });

  router.post('/', arrived, json, async (req, res) => {
    if (refusesAccessToken(req, res)) return;
    const parsed = signInSchema.safeParse(req.body);
    if (!parsed.success) {
      // Let the IAM API's validation speak, so the browser sees one error format.
      if (req.body === undefined)
        throw new BffError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    const email = typeof req.body?.email === 'string' ? (req.body.email as string) : undefined;
    const gone = connectionGone(res);
    // The brute-force limits first: an attempt they refuse takes no turn from anyone.
    const verdict = await signInLimiter.attempt(email, req.ip ?? 'unknown');
    if (!verdict.allowed) return refuseByLimit(req, res, verdict.limit, verdict.retryAfterSeconds);
    const deadline = (arrivals.get(req) ?? performance.now()) + config.iamTimeoutMs - signInMarginMs;
    // A turn that comes later than half of what is left could not be served in time.
    const leave = await signInGate.enter(Math.max(0, (deadline - performance.now()) / 2), gone);
    if (!leave) {
      await verdict.notCounted();
      if (gone.aborted) return;
      req.log.warn({ inUse: signInGate.inUse, queued: signInGate.queued }, 'sign-in refused: too many at once');
      return refuseOverloaded(res, 'Too many people are signing in right now. Try again in a moment.');
    }
    const requestId = String(res.locals.requestId);
    const client = clientOf(req);
    // The IAM call keeps its turn until it settles, even when the browser was answered before.
    const call = iam
      .call('POST', '/auth/sign-in', { schema: signInAnswerSchema, body: req.body, requestId, client })
      .finally(leave);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, deadline - performance.now()));
    });
    let result: SignInAnswer | undefined;
    try {
      const first = await Promise.race([call, late]);
      if (first === 'late') {
        // Answered now; whatever session the IAM API still makes is ended when it arrives.
        call.then(
          async (late) => {
            if (late && 'token' in late) await endIamSession(iam, req.log, late.token, requestId, client);
            await verdict.succeeded();
          },
          async (error) => {
            if (!(error instanceof UpstreamProblem && error.problem.code === 'invalid_credentials')) {
              await verdict.notCounted();
            }
          },
        );
        req.log.warn('sign-in answered 504: the IAM API did not answer before the deadline');
        return problem(res, 504, 'upstream_timeout', 'The IAM service did not answer in time. Try again.');
      }
      result = first;
    } catch (error) {
      const wrongCredentials = error instanceof UpstreamProblem && error.problem.code === 'invalid_credentials';
      if (!wrongCredentials) await verdict.notCounted();
      return handleIamError(res, error);
    } finally {
      clearTimeout(timer);
    }
    if (!result) throw new Error('sign-in answered no body');
    await verdict.succeeded();
    if ('twoStep' in result) {
      // The password was right and a second step is due: the pending sign-in stays here, under
      // its own cookie; the browser learns only that a code is wanted, and until when.
      const expiresAt = Date.parse(result.twoStep.expiresAt);
      await sessions.createPending(res, {
        challengeToken: result.twoStep.challengeToken,
        email: email ?? '',
        expiresAt,
      });
      sendJsonNoStore(
        res,
        202,
        browserTwoStepSchema.parse({
          twoStepRequired: true,
          expiresAt: new Date(expiresAt).toISOString(),
          methods: result.twoStep.methods,
        }),
      );
      return;
    }
    await startSession(req, res, result, gone);
  });

  // A passkey at the second step: the IAM makes the options for the pending sign-in this browser
  // holds, and keeps their challenge (single use, 5 minutes). No guess is made here, so it is not
  // counted by the brute-force limits; the answer to the options is (`POST /two-step`).
  router.post('/two-step/passkey-options', async (req, res) => {
    const pending = await sessions.loadPending(req);
    if (!pending) {
      return sendProblem(
        res,
        makeProblem(401, 'invalid_code', WRONG_CODE_DETAIL, { requestId: String(res.locals.requestId) }),
      );
    }
    try {
      const options = await iam.call('POST', '/auth/sign-in/two-step/passkey-options', {
        schema: webAuthnOptionsSchema,
        body: { challengeToken: pending.challengeToken },
        requestId: String(res.locals.requestId),
        client: clientOf(req),
      });
      sendJsonNoStore(res, 200, options);
    } catch (error) {
      handleIamError(res, error);
    }
  });

  router.post('/two-step', json, async (req, res) => {
    if (refusesAccessToken(req, res)) return;
    const pending = await sessions.loadPending(req);
    const gone = connectionGone(res);
    const wrong = () =>
      sendProblem(
        res,
        makeProblem(401, 'invalid_code', WRONG_CODE_DETAIL, { requestId: String(res.locals.requestId) }),
      );
    // No pending sign-in (none, expired, from another browser): the same answer as a wrong code.
    if (!pending) return wrong();
    const verdict = await signInLimiter.attempt(pending.email, req.ip ?? 'unknown');
    if (!verdict.allowed) {
      req.log.warn({ limit: verdict.limit }, 'second step refused by the brute-force limit');
      if (verdict.limit === 'account') return wrong();
      res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
      return problem(res, 429, 'rate_limited', 'Too many sign-in attempts from this address. Try again later.');
    }
    const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {};
    let result: SignInResult | undefined;
    try {
      result = await iam.call('POST', '/auth/sign-in/two-step', {
        schema: signInResultSchema,
        body: { ...body, challengeToken: pending.challengeToken },
        requestId: String(res.locals.requestId),
        client: clientOf(req),
      });
    } catch (error) {
      const wrongCode = error instanceof UpstreamProblem && error.problem.code === 'invalid_code';
      if (!wrongCode) await verdict.notCounted();
      return handleIamError(res, error);
    }
    if (!result) throw new Error('the second step answered no body');
    await verdict.succeeded();
    await sessions.destroyPending(req, res);
    await startSession(req, res, result, gone, { endPending: true });
  });

  // A passkey alone (where the tenant allows it, ADR 039): the browser got its options from the
  // public `passwordlessOptions` route and answers here; the IAM API names the user from the
  // passkey. Counted per address by the brute-force limits like a password (there is no email).
  router.post('/passkey', json, async (req, res) => {
    if (refusesAccessToken(req, res)) return;
    const gone = connectionGone(res);
    const verdict = await signInLimiter.attempt(undefined, req.ip ?? 'unknown');
    if (!verdict.allowed) return refuseByLimit(req, res, verdict.limit, verdict.retryAfterSeconds);
    if (req.body === undefined) {
      await verdict.notCounted();
      throw new BffError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    let result: SignInResult | undefined;
    try {
      result = await iam.call('POST', '/auth/passkey-sign-in', {
        schema: signInResultSchema,
        body: req.body,
        requestId: String(res.locals.requestId),
        client: clientOf(req),
      });
    } catch (error) {
      const refused = error instanceof UpstreamProblem && error.problem.code === 'invalid_credentials';
      if (!refused) await verdict.notCounted();
      return handleIamError(res, error);
    }
    if (!result) throw new Error('the passkey sign-in answered no body');
    await verdict.succeeded();
    await startSession(req, res, result, gone);
  });

  /** The answer to an attempt the brute-force limits refuse. */
  function refuseByLimit(req: Request, res: Response, limit: string | undefined, retryAfterSeconds: number) {
    req.log.warn({ limit }, 'sign-in refused by the brute-force limit');
    if (limit === 'account') {
      // A locked account answers exactly as a wrong password does: nothing tells a guesser
      // (or an enumerator: unknown emails lock the same way) that the lock is on.
      sendProblem(
        res,
        makeProblem(401, 'invalid_credentials', WRONG_CREDENTIALS_DETAIL, { requestId: String(res.locals.requestId) }),
      );
      return;
    }
    res.setHeader('Retry-After', String(retryAfterSeconds));
    problem(res, 429, 'rate_limited', 'Too many sign-in attempts from this address. Try again later.');
  }

  /**
   * A new BFF session (a new id at every sign-in; the old one ends, here and in the IAM API). If
   * the browser is gone before it has the cookie, nobody holds either session: both end.
   */
  async function startSession(
    req: Request,
    res: Response,
    result: SignInResult,
    gone: AbortSignal,
    options: { endPending?: boolean } = {},
  ): Promise<void> {
    const requestId = String(res.locals.requestId);
    const client = clientOf(req);
    const endBoth = (id?: string) => {
      if (id) sessions.destroyById(id).catch((err) => req.log.warn({ err }, 'session cleanup failed'));
      void endIamSession(iam, req.log, result.token, requestId, client);
    };
    if (gone.aborted) return endBoth();
    const previous = await sessions.load(req);
    await sessions.destroy(req, res);
    // Not awaited: the previous session's end must not hold this answer past its deadline.
    if (previous) void endIamSession(iam, req.log, previous.data.iamToken, requestId, client);
    res.removeHeader('Set-Cookie');
    if (options.endPending) sessions.clearPendingCookie(res);
    const created = await sessions.create(res, {
      iamToken: result.token,
      userId: result.user.id,
      iamExpiresAt: Date.parse(result.expiresAt),
    });
    if (gone.aborted) return endBoth(created.id);
    gone.addEventListener('abort', () => endBoth(created.id), { once: true });
    sendJsonNoStore(
      res,
      200,
      browserSessionSchema.parse({ user: result.user, expiresAt: new Date(created.data.expiresAt).toISOString() }),
    );
  }

  router.delete('/', async (req, res) => {
    const session = await sessions.load(req);
    await sessions.destroy(req, res);
    if (session) {
      await endIamSession(iam, req.log, session.data.iamToken, String(res.locals.requestId), clientOf(req));
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });

  return router;
}

function staticSite(webDist: string): RequestHandler[] {
  const indexFile = path.join(webDist, 'index.html');
  const assets = express.static(webDist, {
    index: false,
    fallthrough: true,
    setHeaders(res, filePath) {
      const hashed = filePath.startsWith(path.join(webDist, 'assets') + path.sep);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const historyFallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!req.accepts('html')) return next();
    if (!fs.existsSync(indexFile)) {
      return problem(res, 503, 'internal_error', 'The web app is not built. Run the README’s start command.');
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  };
  // Compress what the browser downloads (the SPA); API answers stay small and uncompressed.
  return [compression(), assets, historyFallback];
}

/** Builds the BFF with no side effects; `server.ts` owns listening and the store's lifetime. */
export function createApp(deps: BffDeps): Express {
  const { config, logger, iam, sessions, store } = deps;
  // A session that timed out in the BFF ends in the IAM API too, so no live token is left behind.
  sessions.onTimeout((data) => {
    void endIamSession(iam, logger, data.iamToken, randomUUID());
  });
  const app = express();
  app.disable('x-powered-by');
  // The BFF's own answers are not cacheable (no-store); the IAM API's ETags pass through untouched.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const trustsProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        // A request id is taken from a trusted proxy only (a load balancer's), never from a browser,
        // which could otherwise pick the id the IAM API records on audit events.
        const incoming = req.headers[REQUEST_ID_HEADER];
        const fromProxy = trustsProxy(req.socket.remoteAddress ?? '', 0);
        const id =
          fromProxy && typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: requestLogLevel(resolveLogFormat(config.logFormat)),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use((req, res, next) => {
    res.locals.requestId = String(req.id);
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // MUI (emotion) injects <style> elements at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: 'deny' },
    }),
  );

  app.get('/healthz', (_req, res) => sendJsonNoStore(res, 200, { status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const [storeOk, iamOk] = await Promise.all([
      store.ping(),
      fetch(`${config.iamBaseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      ),
    ]);
    sendJsonNoStore(res, storeOk && iamOk ? 200 : 503, {
      status: storeOk && iamOk ? 'ok' : 'unavailable',
      checks: { sessionStore: storeOk ? 'ok' : 'unavailable', iam: iamOk ? 'ok' : 'unavailable' },
    });
  });

  // Health probes answer any Host (a load balancer may use an address); nothing else does.
  app.use(hostAllowList(config.allowedOrigins));
  // Everything under /api: CSRF first, never a redirect, never the SPA.
  app.use('/api', csrfProtection);
  const inFlight = deps.inFlight ?? new InFlight();
  app.use('/api', limitInFlight(inFlight, config.inFlightLimits));
  app.use('/api/session', sessionRoutes(deps));
  app.use(
    '/api/iam',
    ...createIamProxy({
      target: config.iamBaseUrl,
      basicAuthorization: iam.basicAuthorization,
      timeoutMs: config.iamTimeoutMs,
      sessions,
      publicLimiter: deps.publicLimiter,
      inFlight,
      maxInFlightPerSession: config.inFlightLimits.perSession,
      maxSockets: deps.proxyMaxSockets ?? config.inFlightLimits.total,
      ...(deps.proxyRoutes ? { routes: deps.proxyRoutes } : {}),
    }),
  );
  app.use('/api', (_req, res) => problem(res, 404, 'not_found', 'No such API route.'));
  // The IAM API's reference, for OWNERs and ADMINs (read-only; the page holds no credentials).
  app.use('/docs', docsRelay({ config, iam, sessions }));

  app.use(...staticSite(config.webDist));
  app.use((_req: Request, res: Response) => problem(res, 404, 'not_found'));
  app.use(errorHandler);
  return app;
}

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/** The Redoc standalone bundle, served from the installed package: the page loads nothing from another host. */
const redocBundle = path.join(
  path.dirname(createRequire(import.meta.url).resolve('redoc/package.json')),
  'bundles',
  'redoc.standalone.js',
);

/**
 * The page's policy: its own script and document only. Redoc injects its styles at run time
 * (styled-components) and runs its search in a worker it makes from a blob.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Team Access IAM API reference</title>
  </head>
  <body>
    <redoc spec-url="/docs/openapi.json" hide-hostname="false" native-scrollbars="true"></redoc>
    <script src="/docs/redoc.standalone.js"></script>
  </body>
</html>
`;

/**
 * `/docs`: the interactive API reference (Redoc) over the document `document()` builds (on first
 * request, ADR 030), at `/docs`, its script at
 * `/docs/redoc.standalone.js` and the document at `/docs/openapi.json`. Read-only and public like
 * `/openapi.json`: it holds no credentials and calls nothing. The BFF relays these three paths to
 * signed-in OWNERs and ADMINs.
 */
export function docsRouter(document: () => unknown): express.Router {
  const router = express.Router();
  const headers: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
  router.use(headers);
  let body: string | undefined;
  let script: Buffer | undefined;
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/' || req.path === '') {
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(page);
      return;
    }
    if (req.path === '/openapi.json') {
      res.setHeader('Cache-Control', 'no-cache');
      body ??= JSON.stringify(document());
      res.type('json').send(body);
      return;
    }
    if (req.path === '/redoc.standalone.js') {
      // Read once: the bundle lives under node_modules/.pnpm, a dot folder `sendFile` refuses.
      script ??= fs.readFileSync(redocBundle);
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.type('text/javascript').send(script);
      return;
    }
    next();
  });
  return router;
}

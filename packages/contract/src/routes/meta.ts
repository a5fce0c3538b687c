import { z } from 'zod';
import { healthSchema } from '../auth.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** Health checks and the OpenAPI document: no credentials, not for browsers. */
export const metaRoutes = {
  healthz: route({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: { 200: healthSchema },
    inFlightLimit: false,
  }),
  readyz: route({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers',
    responses: { 200: healthSchema, 503: healthSchema },
    inFlightLimit: false,
  }),
  openapi: route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI document',
    tag: 'meta',
    responses: { 200: z.record(z.string(), z.unknown()) },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'health', auth: 'none', browser: false } as const, r);
}

import { z } from 'zod';
import { healthSchema } from '../auth.ts';
import { routeArea } from './define.ts';

/** Health checks and the OpenAPI document: no credentials, not for browsers. */
const route = routeArea({ tag: 'health', auth: 'none', browser: false });

export const metaRoutes = {
  healthz: route({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: { 200: healthSchema },
  }),
  readyz: route({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers',
    responses: { 200: healthSchema, 503: healthSchema },
  }),
  openapi: route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI document',
    tag: 'meta',
    responses: { 200: z.record(z.string(), z.unknown()) },
  }),
};

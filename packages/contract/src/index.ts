export * from './access-tokens.ts';
export * from './api-keys.ts';
export * from './app-links.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './bulk.ts';
export * from './components.ts';
export * from './fields.ts';
export * from './invitation-resend.ts';
export * from './invitations.ts';
export * from './openapi.ts';
export * from './organizations.ts';
export * from './overview.ts';
export * from './permission-checks.ts';
export * from './permissions.ts';
export * from './problem.ts';
export * from './roles.ts';
export * from './route-call.ts';
// Re-exported here, not through routes.ts: a module that needs a header name must not need the registry.
export {
  ACTOR_TOKEN_HEADER,
  CLIENT_IP_HEADER,
  CLIENT_USER_AGENT_HEADER,
  CSRF_HEADER,
  type HttpMethod,
  REQUEST_ID_HEADER,
  type RouteAuth,
  type RouteDef,
  type RouteProblems,
  routeProblems,
} from './routes/define.ts';
export * from './routes.ts';
export * from './rules/index.ts';
export * from './sessions.ts';
export * from './two-step.ts';
export * from './user.ts';
export * from './user-import.ts';
export * from './webhooks.ts';

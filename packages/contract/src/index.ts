export * from './auth.ts';
export * from './openapi.ts';
export * from './permissions.ts';
export * from './problem.ts';
export * from './routes.ts';
export * from './user.ts';

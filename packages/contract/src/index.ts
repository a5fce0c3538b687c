export * from './auth.ts';
export * from './openapi.ts';
export * from './organizations.ts';
export * from './permissions.ts';
export * from './problem.ts';
export * from './roles.ts';
export * from './routes.ts';
export * from './user.ts';

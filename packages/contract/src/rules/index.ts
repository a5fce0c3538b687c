export * from './actor.ts';
export * from './audit.ts';
export * from './invitations.ts';
export * from './organizations.ts';
export * from './roles.ts';
export * from './sessions.ts';
export * from './two-step.ts';
export * from './users.ts';

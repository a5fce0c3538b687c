import type { Role } from '@team-access/contract';

/** A role as the API answers it, for the roles' unit tests. */
export const aRole = (id: string, permissions: string[], version = 1, name = `Role ${id}`): Role => ({
  id,
  name,
  description: null,
  permissions,
  memberCount: 0,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  version,
});

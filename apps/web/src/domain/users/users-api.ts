import {
  type BulkPermissionChange,
  type CreateUser,
  type ListUsersQuery,
  routes,
  type UpdateUser,
  type User,
} from '@team-access/contract';
import { callRoute } from '@/lib/api-client.ts';

/** Writes send the version the screen showed (If-Match): two admins never overwrite each other silently. */
type Versioned = Pick<User, 'id' | 'version'>;

export const usersApi = {
  list: (query: ListUsersQuery, signal?: AbortSignal) => callRoute(routes.listUsers, { query, signal }),
  get: (userId: string, signal?: AbortSignal) => callRoute(routes.getUser, { params: { userId }, signal }),
  create: (body: CreateUser, idempotencyKey: string) => callRoute(routes.createUser, { body, idempotencyKey }),
  update: (user: Versioned, body: UpdateUser) =>
    callRoute(routes.updateUser, { params: { userId: user.id }, body, ifMatch: user.version }),
  setPassword: (user: Versioned, password: string) =>
    callRoute(routes.setUserPassword, { params: { userId: user.id }, body: { password }, ifMatch: user.version }),
  delete: (user: Versioned) => callRoute(routes.deleteUser, { params: { userId: user.id }, ifMatch: user.version }),
  changePermissions: (body: BulkPermissionChange) => callRoute(routes.changePermissions, { body }),
  catalog: (signal?: AbortSignal) => callRoute(routes.listPermissions, { signal }),
};

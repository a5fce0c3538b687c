import {
  type BulkPermissionChange,
  type CreateUser,
  type ExportUsersQuery,
  type ListUsersQuery,
  pageWithGroupIds,
  type ReplaceUser,
  type UpdateUser,
  type User,
  type UserImport,
  withGroupIds,
} from '@team-access/contract';
import { userRoutes } from '@team-access/contract/routes/users';
import { callRoute, fetchRouteFile } from '@/lib/api-client.ts';

/** Writes send the version the screen showed (If-Match): two admins never overwrite each other silently. */
type Versioned = Pick<User, 'id' | 'version'>;

/** The screens hold role ids: every user answer is read with `groups` as ids. */
export const usersApi = {
  list: (query: ListUsersQuery, signal?: AbortSignal) =>
    callRoute(userRoutes.listUsers, { query, signal }).then(pageWithGroupIds),
  get: (userId: string, signal?: AbortSignal) =>
    callRoute(userRoutes.getUser, { params: { userId }, signal }).then(withGroupIds),
  create: (body: CreateUser, idempotencyKey: string) =>
    callRoute(userRoutes.createUser, { body, idempotencyKey }).then(withGroupIds),
  update: (user: Versioned, body: UpdateUser) =>
    callRoute(userRoutes.updateUser, { params: { userId: user.id }, body, ifMatch: user.version }).then(withGroupIds),
  replace: (user: Versioned, body: ReplaceUser) =>
    callRoute(userRoutes.replaceUser, { params: { userId: user.id }, body, ifMatch: user.version }).then(withGroupIds),
  setPassword: (user: Versioned, password: string) =>
    callRoute(userRoutes.setUserPassword, { params: { userId: user.id }, body: { password }, ifMatch: user.version }),
  resendVerification: (userId: string) => callRoute(userRoutes.resendEmailVerification, { params: { userId } }),
  delete: (user: Versioned) => callRoute(userRoutes.deleteUser, { params: { userId: user.id }, ifMatch: user.version }),
  changePermissions: (body: BulkPermissionChange) => callRoute(userRoutes.changePermissions, { body }),
  catalog: (signal?: AbortSignal) => callRoute(userRoutes.listPermissions, { signal }),
  /** Every member the filters match (all pages), as a CSV file. */
  export: (query: ExportUsersQuery) => fetchRouteFile(userRoutes.exportUsers, { query }),
  /** Rows of a CSV to create or update members by email; `dryRun` answers what would happen. */
  import: (body: UserImport, idempotencyKey: string) => callRoute(userRoutes.importUsers, { body, idempotencyKey }),
};

import type { PermissionCheck } from '@team-access/contract';
import { permissionCheckRoutes } from '@team-access/contract/routes/permission-checks';
import { callRoute } from '@/lib/api-client.ts';

export const permissionChecksApi = {
  /** Whether each member holds each permission, with the reasons (ADR 047). */
  explain: (checks: PermissionCheck[], signal?: AbortSignal) =>
    callRoute(permissionCheckRoutes.checkPermissions, { body: { checks, explain: true }, signal }),
};

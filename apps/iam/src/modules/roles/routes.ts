import { etagOf, type Role, routes, type User } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { assignRole, changeRoleAssignments, unassignRole } from './assignments.ts';
import {
  createRole,
  deleteRole,
  getRole,
  getRoleDeletionImpact,
  listRoleMembers,
  listRoles,
  updateRole,
} from './service.ts';

const versioned = (resource: Role | User) => ({ ETag: etagOf(resource.version), 'Cache-Control': 'no-store' });
const noStore = { 'Cache-Control': 'no-store' };

export function mountRoleRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.listRoles, async (_input, ctx) => ({
    status: 200,
    body: await listRoles(db, callerOf(ctx)),
    headers: noStore,
  }));

  mountRoute(router, db, routes.createRole, async ({ body }, ctx) => {
    const role = await createRole(db, callerOf(ctx), body);
    return { status: 201, body: role, headers: { ...versioned(role), Location: `/v2/client/roles/${role.id}` } };
  });

  mountRoute(router, db, routes.getRole, async ({ params }, ctx) => {
    const role = await getRole(db, callerOf(ctx), params.roleId);
    return { status: 200, body: role, headers: versioned(role) };
  });

  mountRoute(router, db, routes.updateRole, async ({ params, body, headers }, ctx) => {
    const role = await updateRole(db, callerOf(ctx), params.roleId, body, headers['if-match']);
    return { status: 200, body: role, headers: versioned(role) };
  });

  mountRoute(router, db, routes.deleteRole, async ({ params, query, headers }, ctx) => {
    await deleteRole(db, callerOf(ctx), params.roleId, query.force === 'true', headers['if-match']);
    return { status: 204 };
  });

  mountRoute(router, db, routes.getRoleDeletionImpact, async ({ params }, ctx) => ({
    status: 200,
    body: await getRoleDeletionImpact(db, callerOf(ctx), params.roleId),
    headers: noStore,
  }));

  mountRoute(router, db, routes.listRoleMembers, async ({ params, query }, ctx) => ({
    status: 200,
    body: await listRoleMembers(db, callerOf(ctx), params.roleId, query),
    headers: noStore,
  }));

  mountRoute(router, db, routes.assignRole, async ({ params }, ctx) => {
    const user = await assignRole(db, callerOf(ctx), params.roleId, params.userId);
    return { status: 200, body: user, headers: versioned(user) };
  });

  mountRoute(router, db, routes.unassignRole, async ({ params }, ctx) => {
    const user = await unassignRole(db, callerOf(ctx), params.roleId, params.userId);
    return { status: 200, body: user, headers: versioned(user) };
  });

  mountRoute(router, db, routes.changeRoleAssignments, async ({ body }, ctx) => ({
    status: 200,
    body: await changeRoleAssignments(db, callerOf(ctx), body),
    headers: noStore,
  }));
}

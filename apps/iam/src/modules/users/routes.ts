import { etagOf, permissionCategories, routes, type User } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import type { RequestContext } from '../../http/route.ts';
import { mountRoute } from '../../http/route.ts';
import { auditQueries, changedFields } from '../audit/repository.ts';
import { permissionRepository } from '../permissions/repository.ts';
import {
  type Caller,
  changePermissions,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  setUserPassword,
  updateUser,
} from './service.ts';

const caller = (ctx: RequestContext): Caller => ({ ...ctx, tenantId: ctx.tenant.id });
const userHeaders = (user: User) => ({ ETag: etagOf(user.version), 'Cache-Control': 'no-store' });

export function mountUserRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.listPermissions, async (_input, ctx) => {
    const items = await permissionRepository.list(db, ctx.tenant.id);
    const used = new Set(items.map((p) => p.category));
    return {
      status: 200,
      body: { categories: permissionCategories.filter((c) => used.has(c.key)), items },
      headers: { 'Cache-Control': 'private, max-age=60' },
    };
  });

  mountRoute(router, db, routes.listUsers, async ({ query }, ctx) => ({
    status: 200,
    body: await listUsers(db, caller(ctx), query),
    headers: { 'Cache-Control': 'no-store' },
  }));

  mountRoute(router, db, routes.createUser, async ({ body, headers }, ctx) => {
    const result = await createUser(db, caller(ctx), body, headers['idempotency-key']);
    return {
      status: 201,
      body: result.body,
      headers: {
        ...userHeaders(result.body),
        Location: `/v2/client/multi-user/${result.body.id}`,
        ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
    };
  });

  mountRoute(router, db, routes.getUser, async ({ params }, ctx) => {
    const user = await getUser(db, caller(ctx), params.userId);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.updateUser, async ({ params, body, headers }, ctx) => {
    const user = await updateUser(db, caller(ctx), params.userId, body, headers['if-match']);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.deleteUser, async ({ params, headers }, ctx) => {
    await deleteUser(db, caller(ctx), params.userId, headers['if-match']);
    return { status: 204 };
  });

  mountRoute(router, db, routes.setUserPassword, async ({ params, body, headers }, ctx) => {
    const user = await setUserPassword(db, caller(ctx), params.userId, body.password, headers['if-match']);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.listUserActivity, async ({ params }, ctx) => {
    // Reading the user applies the read rule and answers 404 for ids of other tenants.
    await getUser(db, caller(ctx), params.userId);
    const rows = await auditQueries.forUser(db, ctx.tenant.id, params.userId);
    return {
      status: 200,
      body: {
        items: rows.map((row) => ({
          id: row.id,
          action: row.action,
          actorUserId: row.actor_user_id,
          actorEmail: row.actor_email,
          targetType: row.target_type,
          targetId: row.target_id,
          changes: changedFields(row.before, row.after),
          createdAt: row.created_at.toISOString(),
        })),
      },
      headers: { 'Cache-Control': 'no-store' },
    };
  });

  mountRoute(router, db, routes.changePermissions, async ({ body }, ctx) => ({
    status: 200,
    body: await changePermissions(db, caller(ctx), body),
    headers: { 'Cache-Control': 'no-store' },
  }));
}

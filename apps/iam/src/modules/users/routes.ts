import { etagOf, routes, type User } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { listPermissionCatalog } from '../permissions/service.ts';
import { changePermissions } from './bulk-permissions.ts';
import { createUser, deleteUser, getUser, listUsers, setUserPassword, updateUser } from './service.ts';

const userHeaders = (user: User) => ({ ETag: etagOf(user.version), 'Cache-Control': 'no-store' });

export function mountUserRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.listPermissions, async (_input, ctx) => ({
    status: 200,
    body: await listPermissionCatalog(db, callerOf(ctx)),
    headers: { 'Cache-Control': 'private, max-age=60' },
  }));

  mountRoute(router, db, routes.listUsers, async ({ query }, ctx) => ({
    status: 200,
    body: await listUsers(db, callerOf(ctx), query),
    headers: { 'Cache-Control': 'no-store' },
  }));

  mountRoute(router, db, routes.createUser, async ({ body, headers }, ctx) => {
    const result = await createUser(db, callerOf(ctx), body, headers['idempotency-key']);
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
    const user = await getUser(db, callerOf(ctx), params.userId);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.updateUser, async ({ params, body, headers }, ctx) => {
    const user = await updateUser(db, callerOf(ctx), params.userId, body, headers['if-match']);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.deleteUser, async ({ params, headers }, ctx) => {
    await deleteUser(db, callerOf(ctx), params.userId, headers['if-match']);
    return { status: 204 };
  });

  mountRoute(router, db, routes.setUserPassword, async ({ params, body, headers }, ctx) => {
    const user = await setUserPassword(db, callerOf(ctx), params.userId, body.password, headers['if-match']);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.changePermissions, async ({ body }, ctx) => ({
    status: 200,
    body: await changePermissions(db, callerOf(ctx), body),
    headers: { 'Cache-Control': 'no-store' },
  }));
}

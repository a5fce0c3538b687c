import { etagOf, routes, type User, type UserExpand } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { csvAttachment } from '../../http/csv.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { listPermissionCatalog, permissionCatalogPreload } from '../permissions/service.ts';
import { changePermissions } from './bulk-permissions.ts';
import { exportUsers } from './export.ts';
import {
  createUser,
  deleteUser,
  expandGroups,
  getUser,
  listUsers,
  replaceUser,
  resendEmailVerification,
  setUserPassword,
  updateUser,
} from './service.ts';

const userHeaders = (user: User) => ({ ETag: etagOf(user.version), 'Cache-Control': 'no-store' });

/** The users as asked: `?expand=groups` answers each role as `{id, name, permissions}`. */
async function presented(db: Db, tenantId: string, users: User[], expand: UserExpand) {
  return expand === 'groups' ? expandGroups(db, tenantId, users) : users;
}

/** `appUrl`: where the web app lives, for the links in verification mails. */
export function mountUserRoutes(router: Router, db: Db, options: { appUrl: string }): void {
  mountRoute(
    router,
    db,
    routes.listPermissions,
    async ({ preloaded }, ctx) => ({
      status: 200,
      body: await listPermissionCatalog(db, callerOf(ctx), preloaded),
      headers: { 'Cache-Control': 'private, max-age=60' },
    }),
    { preload: permissionCatalogPreload },
  );

  mountRoute(router, db, routes.listUsers, async ({ query }, ctx) => {
    const page = await listUsers(db, callerOf(ctx), query);
    return {
      status: 200,
      body: { ...page, items: await presented(db, ctx.tenant.id, page.items, query.expand) },
      headers: { 'Cache-Control': 'no-store' },
    };
  });

  // Declared before `{userId}`, so "export" is never read as an id.
  mountRoute(router, db, routes.exportUsers, async ({ query }, ctx) => {
    const file = await exportUsers(db, callerOf(ctx), query);
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    return csvAttachment(`members-${stamp}.csv`, file);
  });

  mountRoute(router, db, routes.createUser, async ({ body, headers, query }, ctx) => {
    const result = await createUser(db, callerOf(ctx), body, headers['idempotency-key'], options);
    const [user] = await presented(db, ctx.tenant.id, [result.body], query.expand);
    return {
      status: 201,
      body: user,
      headers: {
        ...userHeaders(result.body),
        Location: `/v2/client/multi-user/${result.body.id}`,
        ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
    };
  });

  mountRoute(router, db, routes.getUser, async ({ params, query }, ctx) => {
    const user = await getUser(db, callerOf(ctx), params.userId);
    const [body] = await presented(db, ctx.tenant.id, [user], query.expand);
    return { status: 200, body, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.updateUser, async ({ params, body, headers, query }, ctx) => {
    const user = await updateUser(db, callerOf(ctx), params.userId, body, headers['if-match'], options);
    const [answer] = await presented(db, ctx.tenant.id, [user], query.expand);
    return { status: 200, body: answer, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.replaceUser, async ({ params, body, headers, query }, ctx) => {
    const user = await replaceUser(db, callerOf(ctx), params.userId, body, headers['if-match'], options);
    const [answer] = await presented(db, ctx.tenant.id, [user], query.expand);
    return { status: 200, body: answer, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.deleteUser, async ({ params, headers }, ctx) => {
    await deleteUser(db, callerOf(ctx), params.userId, headers['if-match']);
    return { status: 204 };
  });

  mountRoute(router, db, routes.setUserPassword, async ({ params, body, headers }, ctx) => {
    const user = await setUserPassword(db, callerOf(ctx), params.userId, body.password, headers['if-match']);
    return { status: 200, body: user, headers: userHeaders(user) };
  });

  mountRoute(router, db, routes.resendEmailVerification, async ({ params }, ctx) => {
    await resendEmailVerification(db, callerOf(ctx), params.userId, options);
    return { status: 202, headers: { 'Cache-Control': 'no-store' } };
  });

  mountRoute(router, db, routes.changePermissions, async ({ body }, ctx) => ({
    status: 200,
    body: await changePermissions(db, callerOf(ctx), body),
    headers: { 'Cache-Control': 'no-store' },
  }));
}

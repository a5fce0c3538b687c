import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { type AccessTokenSettings, issueAccessToken } from '../tokens/service.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './service.ts';

export function mountApiKeyRoutes(router: Router, db: Db, accessTokens: AccessTokenSettings): void {
  mountRoute(router, db, routes.listApiKeys, async (_input, ctx) => ({
    status: 200,
    body: await listApiKeys(db, callerOf(ctx)),
    headers: { 'Cache-Control': 'no-store' },
  }));
  mountRoute(router, db, routes.createApiKey, async ({ body }, ctx) => {
    const created = await createApiKey(db, callerOf(ctx), body);
    // The secret is in this answer only: no cache may keep it.
    return {
      status: 201,
      body: created,
      headers: { 'Cache-Control': 'no-store', Location: `/v2/client/api-keys/${created.apiKey.id}` },
    };
  });
  mountRoute(router, db, routes.revokeApiKey, async ({ params }, ctx) => {
    await revokeApiKey(db, callerOf(ctx), params.apiKeyId);
    return { status: 204 };
  });
  // The route layer lets only an API key through (`apiKeyOnly`): the token carries its tenant and scopes.
  mountRoute(router, db, routes.createApiKeyAccessToken, async (_input, ctx) => {
    const key = ctx.apiKey;
    if (!key) throw new Error('createApiKeyAccessToken needs an API key');
    const issued = await issueAccessToken(
      db,
      { tenantId: ctx.tenant.id, subject: key.id, scopes: key.scopes },
      accessTokens,
    );
    return {
      status: 200,
      body: { accessToken: issued.accessToken, expiresAt: issued.expiresAt },
      headers: { 'Cache-Control': 'no-store' },
    };
  });
}

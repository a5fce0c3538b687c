import {
  routes,
  type TenantSettings,
  type TwoStepPolicy,
  tenantSettingsRefusal,
  type UpdateTenantSettings,
} from '@team-access/contract';
import type { Router } from 'express';
import type { Db, Queryable } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { type Caller, callerOf, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';

/**
 * The account's settings (ADR 031): who must use two-step sign-in. Anyone signed in reads them
 * (the screens explain a requirement); only an OWNER, or a server-to-server call, changes them.
 */

async function settingsOf(db: Queryable, tenantId: string, lock = false): Promise<TenantSettings> {
  const rows = await db.query<{ two_step_policy: TwoStepPolicy }>(
    `select two_step_policy from tenants where id = $1${lock ? ' for update' : ''}`,
    [tenantId],
  );
  return { twoStepPolicy: (rows[0] as { two_step_policy: TwoStepPolicy }).two_step_policy };
}

export async function updateTenantSettings(
  db: Db,
  caller: Caller,
  body: UpdateTenantSettings,
): Promise<TenantSettings> {
  enforce(tenantSettingsRefusal(ruleActor(caller.actor)));
  return db.transaction(async (tx) => {
    const before = await settingsOf(tx, caller.tenantId, true);
    if (before.twoStepPolicy === body.twoStepPolicy) return before;
    await tx.query('update tenants set two_step_policy = $2 where id = $1', [caller.tenantId, body.twoStepPolicy]);
    await recordAudit(tx, caller, {
      action: 'tenant.two_step_policy_changed',
      targetType: 'tenant',
      targetId: caller.tenantId,
      before,
      after: { twoStepPolicy: body.twoStepPolicy },
    });
    return { twoStepPolicy: body.twoStepPolicy };
  });
}

export function mountTenantRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.getTenantSettings, async (_input, ctx) => ({
    status: 200,
    body: await settingsOf(db, ctx.tenant.id),
    headers: { 'Cache-Control': 'no-store' },
  }));
  mountRoute(router, db, routes.updateTenantSettings, async ({ body }, ctx) => ({
    status: 200,
    body: await updateTenantSettings(db, callerOf(ctx), body),
  }));
}

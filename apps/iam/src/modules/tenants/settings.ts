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
  const rows = await db.query<{ two_step_policy: TwoStepPolicy; passkey_sign_in: boolean }>(
    `select two_step_policy, passkey_sign_in from tenants where id = $1${lock ? ' for update' : ''}`,
    [tenantId],
  );
  const row = rows[0] as { two_step_policy: TwoStepPolicy; passkey_sign_in: boolean };
  return { twoStepPolicy: row.two_step_policy, passkeySignIn: row.passkey_sign_in };
}

/** Whether a passkey alone signs in to this tenant (ADR 039): the sign-in page and routes ask. */
export async function passkeySignInAllowed(db: Queryable, tenantId: string): Promise<boolean> {
  return (await settingsOf(db, tenantId)).passkeySignIn;
}

export async function updateTenantSettings(
  db: Db,
  caller: Caller,
  body: UpdateTenantSettings,
): Promise<TenantSettings> {
  enforce(tenantSettingsRefusal(ruleActor(caller.actor)));
  return db.transaction(async (tx) => {
    const before = await settingsOf(tx, caller.tenantId, true);
    const after = { ...before, ...body } as TenantSettings;
    // One event per setting that changed; the same value again changes and records nothing.
    if (after.twoStepPolicy !== before.twoStepPolicy) {
      await tx.query('update tenants set two_step_policy = $2 where id = $1', [caller.tenantId, after.twoStepPolicy]);
      await recordAudit(tx, caller, {
        action: 'tenant.two_step_policy_changed',
        targetType: 'tenant',
        targetId: caller.tenantId,
        before: { twoStepPolicy: before.twoStepPolicy },
        after: { twoStepPolicy: after.twoStepPolicy },
      });
    }
    if (after.passkeySignIn !== before.passkeySignIn) {
      await tx.query('update tenants set passkey_sign_in = $2 where id = $1', [caller.tenantId, after.passkeySignIn]);
      await recordAudit(tx, caller, {
        action: 'tenant.passkey_sign_in_changed',
        targetType: 'tenant',
        targetId: caller.tenantId,
        before: { passkeySignIn: before.passkeySignIn },
        after: { passkeySignIn: after.passkeySignIn },
      });
    }
    return after;
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

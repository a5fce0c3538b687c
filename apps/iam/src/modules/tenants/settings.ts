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

/** Each setting: its column in `tenants` and the audit action that records its change. */
const SETTINGS = [
  { key: 'twoStepPolicy', column: 'two_step_policy', action: 'tenant.two_step_policy_changed' },
  { key: 'passkeySignIn', column: 'passkey_sign_in', action: 'tenant.passkey_sign_in_changed' },
] as const satisfies readonly { key: keyof TenantSettings; column: string; action: string }[];

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
    for (const setting of SETTINGS) {
      if (after[setting.key] === before[setting.key]) continue;
      await tx.query(`update tenants set ${setting.column} = $2 where id = $1`, [caller.tenantId, after[setting.key]]);
      await recordAudit(tx, caller, {
        action: setting.action,
        targetType: 'tenant',
        targetId: caller.tenantId,
        before: { [setting.key]: before[setting.key] },
        after: { [setting.key]: after[setting.key] },
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

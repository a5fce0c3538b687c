import { administersTenant, type Refusal, type RuleActor, refuse } from './actor.ts';

export const WEBHOOKS_REFUSAL = 'Only owners and administrators manage webhooks.';

/** OWNER and ADMIN see and manage the tenant's webhooks (ADR 050); server to server has the tenant's full rights. */
export function webhooksRefusal(actor: RuleActor | undefined): Refusal | undefined {
  return administersTenant(actor) ? undefined : refuse(WEBHOOKS_REFUSAL);
}

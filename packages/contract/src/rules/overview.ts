import { administersTenant, type Refusal, type RuleActor, refuse } from './actor.ts';

export const OVERVIEW_REFUSAL = 'Only owners and administrators see the overview.';

/** OWNER and ADMIN see the team in figures (ADR 040); server to server has the tenant's full rights. */
export function overviewRefusal(actor: RuleActor | undefined): Refusal | undefined {
  return administersTenant(actor) ? undefined : refuse(OVERVIEW_REFUSAL);
}

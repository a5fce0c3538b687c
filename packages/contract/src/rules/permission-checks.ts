import { administersTenant, type Refusal, type RuleActor, refuse } from './actor.ts';

export const PERMISSION_CHECK_REFUSAL = 'Only owners and administrators check who holds what.';

/** Server to server (the client's apps), or an OWNER or ADMIN in the console, checks permissions (ADR 047). */
export function permissionCheckRefusal(actor: RuleActor | undefined): Refusal | undefined {
  return administersTenant(actor) ? undefined : refuse(PERMISSION_CHECK_REFUSAL);
}

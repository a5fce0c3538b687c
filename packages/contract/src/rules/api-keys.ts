import { type Refusal, type RuleActor, refuse } from './actor.ts';

/**
 * Who manages the tenant's API keys (ADR 048): an OWNER only. A key carries the tenant's full
 * rights within its scopes, so an ADMIN who could mint one would reach above their own rights (an
 * OWNER's account, permissions they do not hold). The routes need a signed-in actor: a key is
 * always made by someone the audit log names.
 */
export const API_KEYS_REFUSAL = 'Only owners can see and manage API keys.';

export function apiKeysRefusal(actor: RuleActor | undefined): Refusal | undefined {
  return actor?.role === 'OWNER' ? undefined : refuse(API_KEYS_REFUSAL);
}

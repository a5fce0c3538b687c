import type { AccessLevel } from '../user.ts';
import { administersTenant, type Refusal, type RuleActor, refuse } from './actor.ts';

/**
 * Who may see and end whose sessions, one declaration for the IAM API and the web. Everyone sees
 * and ends their own. OWNER and ADMIN see everyone's and end them within the rules for changing a
 * user: an ADMIN cannot end an OWNER's sessions. A call without an actor (server to server) has
 * the tenant's full rights.
 */

export const READ_SESSIONS_REFUSAL = 'Members can see only their own sessions.';
export const END_SESSIONS_REFUSAL = "Only owners and administrators can end other people's sessions.";
export const END_OWNER_SESSIONS_REFUSAL = "Only an owner can end an owner's sessions.";

export function sessionsReadRefusal(actor: RuleActor | undefined, userId: string): Refusal | undefined {
  return administersTenant(actor) || actor?.id === userId ? undefined : refuse(READ_SESSIONS_REFUSAL);
}

export function sessionsEndRefusal(
  actor: RuleActor | undefined,
  target: { id: string; role: AccessLevel },
): Refusal | undefined {
  if (!actor || actor.id === target.id) return undefined;
  if (!administersTenant(actor)) return refuse(END_SESSIONS_REFUSAL);
  return actor.role === 'ADMIN' && target.role === 'OWNER' ? refuse(END_OWNER_SESSIONS_REFUSAL) : undefined;
}

import type { TwoStepPolicy } from '../two-step.ts';
import type { AccessLevel } from '../user.ts';
import { administersTenant, type Refusal, type RuleActor, refuse } from './actor.ts';

/**
 * Who may see and reset whose two-step factors (ADR 029), one declaration for the IAM API and the
 * web. Everyone manages their own from their profile. OWNER and ADMIN see everyone's and reset
 * another user's within the rules for changing a user: an ADMIN cannot reset an OWNER's. A call
 * without an actor (server to server) has the tenant's full rights.
 */

export const READ_TWO_STEP_REFUSAL = 'Members can see only their own two-step sign-in.';
export const RESET_TWO_STEP_REFUSAL = "Only owners and administrators can reset other people's two-step sign-in.";
export const RESET_OWNER_TWO_STEP_REFUSAL = "Only an owner can reset an owner's two-step sign-in.";
export const RESET_OWN_TWO_STEP_REFUSAL = 'Manage your own two-step sign-in from your profile.';

export function twoStepReadRefusal(actor: RuleActor | undefined, userId: string): Refusal | undefined {
  return administersTenant(actor) || actor?.id === userId ? undefined : refuse(READ_TWO_STEP_REFUSAL);
}

export function twoStepResetRefusal(
  actor: RuleActor | undefined,
  target: { id: string; role: AccessLevel },
): Refusal | undefined {
  if (!actor) return undefined;
  if (actor.id === target.id) return refuse(RESET_OWN_TWO_STEP_REFUSAL);
  if (!administersTenant(actor)) return refuse(RESET_TWO_STEP_REFUSAL);
  return actor.role === 'ADMIN' && target.role === 'OWNER' ? refuse(RESET_OWNER_TWO_STEP_REFUSAL) : undefined;
}

export const TENANT_SETTINGS_REFUSAL = "Only owners can change the account's settings.";

/** Whether the tenant's policy requires this access level to have a second factor (ADR 031). */
export function twoStepRequiredFor(policy: TwoStepPolicy, role: AccessLevel): boolean {
  return policy === 'everyone' || (policy === 'admins' && role !== 'MEMBER');
}

/** Only an OWNER changes the tenant's settings; server to server has the tenant's full rights. */
export function tenantSettingsRefusal(actor: RuleActor | undefined): Refusal | undefined {
  return !actor || actor.role === 'OWNER' ? undefined : refuse(TENANT_SETTINGS_REFUSAL);
}

/** The policy asks this user for a factor and they have none: they may only set one up. */
export function mustSetUpTwoStep(user: { twoStepRequired: boolean; mfa: boolean }): boolean {
  return user.twoStepRequired && !user.mfa;
}

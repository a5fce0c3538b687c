import {
  inviteAtAllRefusal,
  inviteRefusal,
  type OrganizationStanding,
  type InviteIntent as SharedInviteIntent,
} from '@team-access/contract';
import { type Actor, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';

/**
 * Who may invite whom (ADR 014): the shared rules (packages/contract/src/rules/invitations.ts)
 * decide. Invitations into organizations a tenant MEMBER does not administer, and those with none,
 * are hidden from them (the service answers 404 before these run).
 */

/** A tenant MEMBER who administers no organization may not invite anyone (checked before the body). */
export function assertMayInviteAtAll(actor: Actor | undefined, administersAnOrganization: boolean): void {
  enforce(inviteAtAllRefusal(ruleActor(actor), administersAnOrganization));
}

export interface InviteIntent extends SharedInviteIntent {
  paths: SharedInviteIntent['paths'] & { groups: string };
}

/**
 * `access` is how the caller stands towards the invitation's organization (undefined when it has
 * none). A tenant MEMBER reaching here has access to that organization: the service answers 404
 * for any other.
 */
export function assertMayInvite(
  actor: Actor | undefined,
  access: OrganizationStanding | undefined,
  intent: InviteIntent,
): void {
  enforce(inviteRefusal(ruleActor(actor), access, intent));
}

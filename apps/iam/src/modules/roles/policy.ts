import {
  type KeyAt,
  mayListRoles,
  mayManageRoles,
  roleDeleteRefusal,
  rolePermissionsRefusal,
} from '@team-access/contract';
import { type Actor, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';

/**
 * Roles under "Who may do what": the shared rules (packages/contract/src/rules/roles.ts) decide.
 * OWNER and ADMIN manage roles; a MEMBER — an org admin included — is refused every roles route.
 */
export function assertMayManageRoles(actor: Actor | undefined): void {
  enforce(mayManageRoles(ruleActor(actor)));
}

/** `managesUsers`: the actor is ORG_USER_MANAGER of an organization (they give roles to its members). */
export function assertMayListRoles(actor: Actor | undefined, managesUsers: boolean): void {
  enforce(mayListRoles(ruleActor(actor), managesUsers));
}

/**
 * An ADMIN puts in a role, and takes out of one, only permissions they hold: a role is a grant
 * waiting to be assigned (otherwise the Keycloak path: grant yourself admin through a group), and
 * taking one out revokes it from every member (ADR 017).
 */
export function assertMayChangeRolePermissions(
  actor: Actor | undefined,
  added: readonly KeyAt[],
  removed: readonly KeyAt[] = [],
): void {
  enforce(rolePermissionsRefusal(ruleActor(actor), added, removed));
}

/** Deleting a role takes every permission out of it. */
export function assertMayDeleteRole(actor: Actor | undefined, role: { name: string; permissions: string[] }): void {
  enforce(roleDeleteRefusal(ruleActor(actor), role));
}

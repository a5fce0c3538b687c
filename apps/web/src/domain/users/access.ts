import { useQuery } from '@tanstack/react-query';
import {
  type AccessLevel,
  assignableAccessLevels,
  holds,
  mayManageUsers,
  mayRequirePasswordChange,
  mayResendEmailVerification,
  OWNER_PERMISSIONS_REFUSAL,
  permissionSwitchRefusal,
  type RuleActor,
  type User,
  userWriteRefusal,
} from '@team-access/contract';
import { sessionQueries } from '@/lib/session.ts';

/**
 * What the signed-in person may do to team members: the IAM API's own rules
 * (packages/contract/src/rules/users.ts), called here so the screens show read-only what would be
 * refused, with the API's sentence. The API still decides every call.
 */
export interface Access {
  me: User | undefined;
  /** OWNER and ADMIN manage members; a MEMBER does not. */
  canManage: boolean;
  /** Access levels this person may give. */
  assignableRoles: AccessLevel[];
  canEdit(target: Pick<User, 'id' | 'role'>): boolean;
  canDelete(target: Pick<User, 'id' | 'role'>): boolean;
  /** Whether this person may turn the permission on for someone (they must hold it). */
  canGrant(key: string): boolean;
  /** Whether this person may turn the permission off for someone (they must hold it, ADR 017). */
  canRevoke(key: string): boolean;
  /** Whether this person may require a new password of the member at their next sign-in. */
  canRequirePasswordChange(target: Pick<User, 'id' | 'role'>): boolean;
  /** Whether this person may mail the member a new email verification link. */
  canResendVerification(target: Pick<User, 'id' | 'role'>): boolean;
  /** Why a change is not allowed, in a sentence; undefined when it is. */
  whyNot(target: Pick<User, 'id' | 'role'>, change?: { grant?: string; revoke?: string }): string | undefined;
}

export type RulePerson = Pick<User, 'role'> & Partial<Pick<User, 'id' | 'effectivePermissions'>>;

/** The person the shared rules judge; before the session loads, someone with no rights. */
export function ruleActorOf(me: RulePerson | undefined): RuleActor {
  return me
    ? { id: me.id ?? '', role: me.role, effectivePermissions: me.effectivePermissions ?? [] }
    : { id: '', role: 'MEMBER', effectivePermissions: [] };
}

export { OWNER_PERMISSIONS_REFUSAL };

export function accessFor(me: User | undefined): Access {
  const actor = ruleActorOf(me);
  const canManage = mayManageUsers(actor) === undefined;
  const whyNot = (target: Pick<User, 'id' | 'role'>, change?: { grant?: string; revoke?: string }) => {
    if (change?.grant) return permissionSwitchRefusal(actor, target, change.grant, false)?.detail;
    if (change?.revoke) return permissionSwitchRefusal(actor, target, change.revoke, true)?.detail;
    return userWriteRefusal(actor, { target, role: target.role })?.detail;
  };
  const canEdit = (target: Pick<User, 'id' | 'role'>) => whyNot(target) === undefined;
  const canChange = (key: string) => canManage && holds(actor, key);
  return {
    me,
    canManage,
    assignableRoles: canManage ? assignableAccessLevels(actor) : [],
    canEdit,
    canDelete: (target) => canEdit(target) && target.id !== me?.id,
    canGrant: canChange,
    canRevoke: canChange,
    canRequirePasswordChange: (target) => mayRequirePasswordChange(actor, target) === undefined,
    canResendVerification: (target) => canManage && mayResendEmailVerification(actor, target) === undefined,
    whyNot,
  };
}

/** The signed-in person's access, from the session the shell already loaded. */
export function useAccess(): Access {
  const { data } = useQuery(sessionQueries.current());
  return accessFor(data?.user);
}

import type { FieldError } from '../problem.ts';
import type { AccessLevel } from '../user.ts';

/**
 * The person a rule judges: the IAM API builds it from the signed-in actor, the web from the
 * session's user. `undefined` is a server-to-server call (client credentials, no actor), which has
 * the tenant's full rights.
 */
export interface RuleActor {
  id: string;
  role: AccessLevel;
  /** Every permission the person holds, directly or through roles. */
  effectivePermissions: readonly string[];
}

/**
 * Why a rule refuses: `detail` is the sentence for the whole request (the problem's detail, and the
 * tooltip of what the screen shows read-only); `errors` name the refused fields when there are any.
 * The IAM API answers it as a 403 `forbidden` problem.
 */
export interface Refusal {
  detail: string;
  errors: FieldError[];
}

export const refuse = (detail: string, errors: FieldError[] = []): Refusal => ({ detail, errors });

export const fieldRefusal = (path: string, message: string): FieldError => ({ path, message, code: 'forbidden' });

/** A permission key together with the request field that asks for it. */
export interface KeyAt {
  key: string;
  path: string;
}

/** OWNER and ADMIN administer the tenant; a call without an actor has the tenant's full rights. */
export const administersTenant = (actor: RuleActor | undefined): boolean => actor?.role !== 'MEMBER';

/** Whether the person holds the permission, so may grant it and revoke it. An OWNER holds every one. */
export function holds(actor: RuleActor | undefined, key: string): boolean {
  return !actor || actor.role === 'OWNER' || actor.effectivePermissions.includes(key);
}

/** The keys the person does not hold. */
export const unheld = (actor: RuleActor | undefined, keys: readonly string[]): string[] =>
  keys.filter((key) => !holds(actor, key));

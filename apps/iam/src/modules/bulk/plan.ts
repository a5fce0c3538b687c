import {
  type AccessLevel,
  BULK_SAMPLE_SIZE,
  type BulkAction,
  type BulkMember,
  type BulkPlan,
  type BulkSkipReason,
  type BulkUndoStep,
  bulkSkipReasons,
  CHANGE_OWNER_REFUSAL,
  type OrgRole,
  ownerPermissionsRefusal,
  type Refusal,
  type RoleChange,
  type RuleActor,
  userWriteRefusal,
} from '@team-access/contract';
import type { UserRow } from '../../kernel/context.ts';
import { groupsOf } from '../users/repository.ts';

/**
 * The bulk planner: for each selected member, the change an action makes or why it skips them.
 * It judges with the shared rules (packages/contract/src/rules), the declarations every single
 * edit enforces too; the apply then hands each change to the single edit's own transactional core,
 * which enforces them again — so a plan and its apply cannot disagree silently (the request fails).
 */

/** What the planner knows beyond the members: read once per plan, set-based. */
export interface PlanContext {
  actor: RuleActor | undefined;
  /** The tenant's active owners now. */
  activeOwners: readonly string[];
  /** addRoles / removeRoles: the roles, by id, with the field that names each. */
  roles?: Map<string, RoleChange>;
  /** Organization actions: the organization's name and each selected member's org role there. */
  organization?: { name: string; ownerCount: number; orgRoles: Map<string, OrgRole> };
  /** delete: the organizations any selected member owns, with how many ORG_OWNERs each has. */
  ownedOrganizations?: { id: string; name: string; owners: number; userIds: string[] }[];
}

/** The single edit that makes one member's change (the apply hands it to that edit's core). */
export type MemberEdit =
  | {
      kind: 'write';
      write: {
        status?: 'active' | 'inactive';
        role?: AccessLevel;
        groups?: string[];
        permissions?: Record<string, boolean>;
      };
    }
  | { kind: 'join'; orgRole: OrgRole }
  | { kind: 'leave' }
  | { kind: 'delete' };

export type PlannedMember =
  | { row: UserRow; change: string; edit: MemberEdit; undo: BulkAction | undefined }
  | { row: UserRow; skip: BulkSkipReason; detail: string };

const nameOf = (row: UserRow) => [row.first_name, row.last_name].filter(Boolean).join(' ') || null;
const member = (row: UserRow, detail: string): BulkMember => ({
  userId: row.id,
  email: row.email,
  name: nameOf(row),
  detail,
});

/** A refusal of the shared rules as a skip: an ADMIN facing an OWNER, or what the actor does not hold. */
function refused(row: UserRow, refusal: Refusal): PlannedMember {
  const owner = refusal.detail === CHANGE_OWNER_REFUSAL;
  const detail = refusal.errors.length ? refusal.errors.map((e) => e.message).join('; ') : refusal.detail;
  return { row, skip: owner ? 'owner' : 'forbidden', detail };
}

const listed = (names: string[]) => names.join(', ');

/** Plans the action for each member, in order (the apply's order); `rows` are the resolved selection. */
export function planMembers(action: BulkAction, rows: readonly UserRow[], ctx: PlanContext): PlannedMember[] {
  const activeOwners = new Set(ctx.activeOwners);
  const orgOwners = new Map((ctx.ownedOrganizations ?? []).map((o) => [o.id, o.owners]));
  let orgOwnerCount = ctx.organization?.ownerCount ?? 0;
  const self = (row: UserRow) => ctx.actor?.id === row.id;
  /** Whether taking this member out of the active owners would leave none. */
  const lastOwner = (row: UserRow) => activeOwners.has(row.id) && activeOwners.size === 1;
  const writeRefusal = (row: UserRow, intent: Omit<Parameters<typeof userWriteRefusal>[1], 'target'>) =>
    userWriteRefusal(ctx.actor, { target: row, ...intent });

  function planOne(row: UserRow): PlannedMember {
    switch (action.type) {
      case 'activate':
      case 'deactivate': {
        const status = action.type === 'activate' ? 'active' : 'inactive';
        if (status === 'inactive' && self(row)) return { row, skip: 'self', detail: 'You cannot deactivate yourself.' };
        if (row.status === status) return { row, skip: 'unchanged', detail: `Already ${status}` };
        if (row.status === 'invited') {
          return { row, skip: 'invited', detail: 'Invited: the account starts when the invitation is accepted' };
        }
        const refusal = writeRefusal(row, { role: row.role });
        if (refusal) return refused(row, refusal);
        if (status === 'inactive' && lastOwner(row)) {
          return { row, skip: 'last_owner', detail: 'The last active owner stays an active owner' };
        }
        if (status === 'inactive') activeOwners.delete(row.id);
        else if (row.role === 'OWNER') activeOwners.add(row.id);
        const back = status === 'active' ? 'deactivate' : 'activate';
        return {
          row,
          change: `${row.status} → ${status}`,
          edit: { kind: 'write', write: { status } },
          undo: { type: back },
        };
      }
      case 'setAccessLevel': {
        if (self(row)) return { row, skip: 'self', detail: 'Change your own access level on your own profile.' };
        if (row.role === action.role) return { row, skip: 'unchanged', detail: `Already ${action.role}` };
        const refusal = writeRefusal(row, { role: action.role });
        if (refusal) return refused(row, refusal);
        if (lastOwner(row)) return { row, skip: 'last_owner', detail: 'The last active owner stays an owner' };
        activeOwners.delete(row.id);
        if (action.role === 'OWNER' && row.status === 'active') activeOwners.add(row.id);
        return {
          row,
          change: `${row.role} → ${action.role}`,
          edit: { kind: 'write', write: { role: action.role } },
          undo: { type: 'setAccessLevel', role: row.role },
        };
      }
      case 'addRoles':
      case 'removeRoles': {
        const roles = ctx.roles as Map<string, RoleChange>;
        const groups = groupsOf(row);
        const adding = action.type === 'addRoles';
        const moved = action.roleIds.filter((id) => groups.includes(id) !== adding);
        const names = moved.map((id) => roles.get(id)?.name as string);
        if (moved.length === 0) {
          return { row, skip: 'unchanged', detail: adding ? 'Holds these roles already' : 'Holds none of these roles' };
        }
        const changes = moved.map((id) => roles.get(id) as RoleChange);
        const refusal = writeRefusal(row, {
          role: row.role,
          ...(adding ? { addedRoles: changes } : { removedRoles: changes }),
        });
        if (refusal) return refused(row, refusal);
        const next = adding ? [...groups, ...moved] : groups.filter((id) => !moved.includes(id));
        return {
          row,
          change: `${adding ? 'gains' : 'loses'} ${listed(names)}`,
          edit: { kind: 'write', write: { groups: next } },
          undo: { type: adding ? 'removeRoles' : 'addRoles', roleIds: moved },
        };
      }
      case 'grantPermissions':
      case 'revokePermissions': {
        const on = action.type === 'grantPermissions';
        const switched = action.keys.filter((key) => (row.permissions[key] === true) !== on);
        if (switched.length === 0) {
          return {
            row,
            skip: 'unchanged',
            detail: on ? 'Holds these directly already' : 'Holds none of these directly',
          };
        }
        const paths = switched.map((key) => ({ key, path: `body.action.keys.${action.keys.indexOf(key)}` }));
        const owner = ownerPermissionsRefusal(row.role, paths);
        if (owner) return { row, skip: 'owner', detail: owner.detail };
        const refusal = writeRefusal(row, { role: row.role, ...(on ? { grants: paths } : { revokes: paths }) });
        if (refusal) return refused(row, refusal);
        return {
          row,
          change: `${on ? 'gains' : 'loses'} ${listed(switched)}`,
          edit: { kind: 'write', write: { permissions: Object.fromEntries(switched.map((key) => [key, on])) } },
          undo: { type: on ? 'revokePermissions' : 'grantPermissions', keys: switched },
        };
      }
      case 'addToOrganization':
      case 'removeFromOrganization': {
        const org = ctx.organization as NonNullable<PlanContext['organization']>;
        const current = org.orgRoles.get(row.id);
        if (action.type === 'addToOrganization') {
          if (current) return { row, skip: 'unchanged', detail: `Already a member of ${org.name} (${current})` };
          if (action.orgRole === 'ORG_OWNER') orgOwnerCount += 1;
          return {
            row,
            change: `joins ${org.name} as ${action.orgRole}`,
            edit: { kind: 'join', orgRole: action.orgRole },
            undo: { type: 'removeFromOrganization', organizationId: action.organizationId },
          };
        }
        if (!current) return { row, skip: 'unchanged', detail: `Not a member of ${org.name}` };
        if (current === 'ORG_OWNER') {
          if (orgOwnerCount <= 1) {
            return { row, skip: 'last_org_owner', detail: `The last ORG_OWNER of ${org.name} stays` };
          }
          orgOwnerCount -= 1;
        }
        return {
          row,
          change: `leaves ${org.name} (was ${current})`,
          edit: { kind: 'leave' },
          undo: { type: 'addToOrganization', organizationId: action.organizationId, orgRole: current },
        };
      }
      case 'delete': {
        if (self(row)) return { row, skip: 'self', detail: 'You cannot delete yourself.' };
        const refusal = writeRefusal(row, { role: row.role });
        if (refusal) return refused(row, refusal);
        if (lastOwner(row)) return { row, skip: 'last_owner', detail: 'The last active owner cannot be deleted' };
        const owned = (ctx.ownedOrganizations ?? []).filter((o) => o.userIds.includes(row.id));
        const orphaned = owned.filter((o) => (orgOwners.get(o.id) as number) <= 1);
        if (orphaned.length) {
          return {
            row,
            skip: 'last_org_owner',
            detail: `The only ORG_OWNER of ${listed(orphaned.map((o) => o.name))}`,
          };
        }
        for (const o of owned) orgOwners.set(o.id, (orgOwners.get(o.id) as number) - 1);
        activeOwners.delete(row.id);
        return { row, change: 'deleted', edit: { kind: 'delete' }, undo: undefined };
      }
    }
  }
  return rows.map(planOne);
}

/** The dry run's answer out of the planned members. */
export function summarise(action: BulkAction, planned: readonly PlannedMember[]): BulkPlan {
  const changes = planned.filter((p) => 'change' in p);
  const skips = planned.filter((p) => 'skip' in p);
  return {
    action,
    total: planned.length,
    changed: changes.length,
    skipped: skips.length,
    sample: changes.slice(0, BULK_SAMPLE_SIZE).map((p) => member(p.row, p.change)),
    skippedReasons: bulkSkipReasons.flatMap((reason) => {
      const these = skips.filter((p) => p.skip === reason);
      if (these.length === 0) return [];
      return [
        { reason, count: these.length, sample: these.slice(0, BULK_SAMPLE_SIZE).map((p) => member(p.row, p.detail)) },
      ];
    }),
  };
}

/** The reverse plan: per distinct reverse action, exactly the members it undoes (none for a delete). */
export function undoOf(planned: readonly PlannedMember[]): BulkUndoStep[] {
  const steps = new Map<string, BulkUndoStep>();
  for (const p of planned) {
    if (!('change' in p) || !p.undo) continue;
    const key = JSON.stringify(p.undo);
    const step = steps.get(key) ?? { selection: { userIds: [] }, action: p.undo };
    step.selection.userIds.push(p.row.id);
    steps.set(key, step);
  }
  return [...steps.values()];
}

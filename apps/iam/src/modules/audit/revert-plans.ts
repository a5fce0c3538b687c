import { etagOf, fieldErrorsFromZod, type OrgRole, updateUserSchema } from '@team-access/contract';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Caller, NamedTenantCaller, RevertLink } from '../../kernel/context.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { addMember, removeMember, updateMember } from '../organizations/service.ts';
import { changeRoleAssignments } from '../roles/assignments.ts';
import { roleRepository } from '../roles/repository.ts';
import { updateRole } from '../roles/service.ts';
import { changePermissions } from '../users/bulk-permissions.ts';
import { groupsOf, userRepository } from '../users/repository.ts';
import { updateUser } from '../users/service.ts';
import type { AuditRow } from './repository.ts';

/**
 * What a revert of one event does, per kind of event: the fields it puts back, read from the
 * target as it is now (locked, in the order the module's own service locks them), and the call of
 * that module's service that makes the change — so every rule of the change itself applies.
 *
 * A field is a scalar (`role`, `status`, `name`, `orgRole`…) or a map of flags over exactly the keys
 * the event changed: `permissions` {key: granted}, `groups` {roleId: held}, a role's `permissions`
 * {key: included}. A revert puts back only those keys, so a later change to other keys stays.
 */

export type FlagMap = Record<string, boolean>;

export interface RevertField {
  field: string;
  /** Now. */
  current: unknown;
  /** What the revert puts back: the event's `before`. */
  restored: unknown;
  /** What the event left: its `after` (a field whose `current` differs changed since). */
  expected: unknown;
}

export interface RevertPlan {
  fields: RevertField[];
  /** The names of the roles the `groups` field names (as now, or as the event captured them). */
  roleNames: Record<string, string>;
  /** The event the change records (it links to the reverted one). */
  records: Omit<RevertLink, 'eventId'>;
  /** Makes the change through the module's service, in the revert's transaction (`db` joins it). */
  apply(db: Db, caller: NamedTenantCaller): Promise<void>;
}

type Snapshot = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isMap = (v: unknown): v is Snapshot => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const notRevertible = (detail: string, errors?: { path: string; message: string; code: string }[]) =>
  new AppError(409, 'not_revertible', detail, errors);

/**
 * The keys in which two values differ: `null` when they are the same, `'value'` for scalars that
 * differ, else the differing keys of two flag maps.
 */
export function differingKeys(a: unknown, b: unknown): null | 'value' | string[] {
  if (isMap(a) && isMap(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
    return keys.length ? keys : null;
  }
  return same(a, b) ? null : 'value';
}

/** A field's value limited to the keys `differingKeys` answered. */
export function pick(value: unknown, keys: 'value' | string[]): unknown {
  if (keys === 'value' || !isMap(value)) return value;
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

/** The keys whose value the revert changes, with the value they get. */
function changedBack(field: RevertField | undefined): [string, boolean][] {
  if (!field) return [];
  const keys = differingKeys(field.current, field.restored);
  if (keys === null || keys === 'value') return [];
  return keys.map((k) => [k, (field.restored as FlagMap)[k] === true]);
}

/** Whether a scalar field changes back. */
const scalarChanges = (field: RevertField | undefined) =>
  field !== undefined && differingKeys(field.current, field.restored) !== null;

/** A flag map over `keys`: whether each is in `set`. */
const flags = (keys: string[], has: (k: string) => boolean): FlagMap =>
  Object.fromEntries(keys.map((k) => [k, has(k)]));

/** The keys of an id/key set that one side has and the other has not (an event's set change). */
function setChange(before: unknown, after: unknown) {
  const b = new Set(strings(before));
  const a = new Set(strings(after));
  const keys = [...new Set([...b, ...a])].filter((k) => b.has(k) !== a.has(k)).sort();
  return { keys, before: b, after: a };
}

/** A permissions map's changed keys (granted before ≠ granted after); an absent key is not granted. */
function grantChange(before: unknown, after: unknown) {
  const b = isMap(before) ? before : {};
  const a = isMap(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => (b[k] === true) !== (a[k] === true));
  return { keys: keys.sort(), before: b, after: a };
}

const targetGone = (what: string) =>
  notRevertible(`${what} no longer exists, so there is nothing to restore.`, [
    { path: 'params.eventId', message: `${what} no longer exists`, code: 'target_gone' },
  ]);

/* ----------------------------------------------------------------------------------------- users */

/**
 * The user fields a revert puts back; a user.updated's or user.replaced's other fields (name,
 * email, phone) are left as they are.
 */
const USER_FIELDS = ['role', 'status', 'permissions', 'groups'] as const;

async function userPlan(tx: Queryable, caller: Caller, row: AuditRow): Promise<RevertPlan> {
  const userId = row.target_id as string;
  const before = row.before ?? {};
  const after = row.after ?? {};
  const name = row.target_name ?? 'The user';
  const peek = await userRepository.findById(tx, caller.tenantId, userId);
  if (!peek) throw targetGone(name);
  // Roles before users, as everywhere (share locks: none is deleted or changed under the revert).
  const groupChange = setChange(before.groups, after.groups);
  const roles = await roleRepository.findGrants(tx, caller.tenantId, [
    ...new Set([...groupChange.keys, ...groupsOf(peek)]),
  ]);
  const user = await userRepository.findById(tx, caller.tenantId, userId, { forUpdate: true });
  if (!user) throw targetGone(name);

  const fieldNames =
    row.action === 'user.permissions_changed'
      ? ['permissions']
      : row.action === 'user.roles_changed'
        ? ['groups']
        : USER_FIELDS.filter((f) => !same(before[f], after[f]));
  const fields: RevertField[] = [];
  for (const f of fieldNames) {
    if (f === 'permissions') {
      const change = grantChange(before.permissions, after.permissions);
      if (change.keys.length === 0) continue;
      fields.push({
        field: f,
        current: flags(change.keys, (k) => user.permissions[k] === true),
        restored: flags(change.keys, (k) => change.before[k] === true),
        expected: flags(change.keys, (k) => change.after[k] === true),
      });
    } else if (f === 'groups') {
      if (groupChange.keys.length === 0) continue;
      const held = new Set(groupsOf(user));
      fields.push({
        field: f,
        current: flags(groupChange.keys, (k) => held.has(k)),
        restored: flags(groupChange.keys, (k) => groupChange.before.has(k)),
        expected: flags(groupChange.keys, (k) => groupChange.after.has(k)),
      });
    } else if (f === 'role' || f === 'status') {
      fields.push({ field: f, current: user[f], restored: before[f], expected: after[f] });
    }
  }
  const byField = new Map(fields.map((f) => [f.field, f]));

  // A role the revert gives back must still exist.
  const existing = new Set(roles.map((r) => r.id));
  const capturedNames = row.role_names ?? {};
  const lostRoles = changedBack(byField.get('groups')).filter(([id, held]) => held && !existing.has(id));
  if (lostRoles.length) {
    const names = lostRoles.map(([id]) => capturedNames[id] ?? id).join(', ');
    throw notRevertible(`The role ${names} was deleted since, so it cannot be given back.`, [
      { path: 'params.eventId', message: `Deleted role: ${names}`, code: 'target_gone' },
    ]);
  }
  const roleNames = Object.fromEntries(
    groupChange.keys.map((id) => [id, roles.find((r) => r.id === id)?.name ?? capturedNames[id] ?? id]),
  );

  // A replace (PUT) is put back with a PATCH of the fields it changed: recorded as an update.
  const records = {
    action: row.action === 'user.replaced' ? 'user.updated' : row.action,
    targetType: 'user',
    targetId: userId,
  };
  const apply = async (db: Db, reverting: NamedTenantCaller) => {
    const permissions = changedBack(byField.get('permissions'));
    const groups = changedBack(byField.get('groups'));
    if (row.action === 'user.permissions_changed') {
      await changePermissions(db, reverting, {
        changes: [
          {
            userId,
            version: user.version,
            grant: permissions.filter(([, on]) => on).map(([k]) => k),
            revoke: permissions.filter(([, on]) => !on).map(([k]) => k),
          },
        ],
      });
    } else if (row.action === 'user.roles_changed') {
      await changeRoleAssignments(db, reverting, {
        userIds: [userId],
        add: groups.filter(([, on]) => on).map(([id]) => id),
        remove: groups.filter(([, on]) => !on).map(([id]) => id),
      });
    } else {
      const body: Snapshot = {};
      for (const f of ['role', 'status'] as const) {
        if (scalarChanges(byField.get(f))) body[f] = byField.get(f)?.restored;
      }
      if (permissions.length) body.permissions = Object.fromEntries(permissions);
      if (groups.length) {
        const next = new Set(groupsOf(user));
        for (const [id, on] of groups) on ? next.add(id) : next.delete(id);
        body.groups = [...next].sort();
      }
      // The PATCH body's own rules (an invited status, for one, is not set by hand).
      const parsed = updateUserSchema.safeParse(body);
      if (!parsed.success) {
        throw notRevertible('This change cannot be made by hand, so it cannot be reverted.', [
          ...fieldErrorsFromZod(parsed.error, 'body'),
        ]);
      }
      await updateUser(db, reverting, userId, parsed.data, etagOf(user.version), NO_ADDRESS_CHANGE);
    }
  };
  return { fields, roleNames, records, apply };
}

/**
 * A revert restores an access level, a status, permissions and roles, never an address, so it
 * never mails a verification link: there is no link to build.
 */
const NO_ADDRESS_CHANGE = { appUrl: 'about:blank' } as const;

/* ----------------------------------------------------------------------------------------- roles */

async function rolePlan(tx: Queryable, caller: Caller, row: AuditRow): Promise<RevertPlan> {
  const roleId = row.target_id as string;
  const before = row.before ?? {};
  const after = row.after ?? {};
  const role = await roleRepository.findById(tx, caller.tenantId, roleId, { forUpdate: true });
  if (!role) throw targetGone(`The role ${row.target_name ?? ''}`.trim());
  const fields: RevertField[] = [];
  for (const f of ['name', 'description'] as const) {
    if (!same(before[f], after[f])) {
      fields.push({ field: f, current: role[f] ?? null, restored: before[f] ?? null, expected: after[f] ?? null });
    }
  }
  const change = setChange(before.permissions, after.permissions);
  if (change.keys.length) {
    fields.push({
      field: 'permissions',
      current: flags(change.keys, (k) => role.permissions.includes(k)),
      restored: flags(change.keys, (k) => change.before.has(k)),
      expected: flags(change.keys, (k) => change.after.has(k)),
    });
  }
  const byField = new Map(fields.map((f) => [f.field, f]));
  const apply = async (db: Db, reverting: NamedTenantCaller) => {
    const body: { name?: string; description?: string | null; permissions?: string[] } = {};
    if (scalarChanges(byField.get('name'))) body.name = byField.get('name')?.restored as string;
    if (scalarChanges(byField.get('description'))) {
      body.description = (byField.get('description')?.restored as string | null) ?? null;
    }
    const permissions = changedBack(byField.get('permissions'));
    if (permissions.length) {
      const next = new Set(role.permissions);
      for (const [key, on] of permissions) on ? next.add(key) : next.delete(key);
      body.permissions = [...next];
    }
    await updateRole(db, reverting, roleId, body, etagOf(role.version));
  };
  return { fields, roleNames: {}, records: { action: 'role.updated', targetType: 'role', targetId: roleId }, apply };
}

/* ----------------------------------------------------------------------------------- memberships */

async function membershipPlan(tx: Queryable, caller: Caller, row: AuditRow): Promise<RevertPlan> {
  const organizationId = row.target_id as string;
  const before = row.before;
  const after = row.after;
  const member = after ?? before ?? {};
  const userId = typeof member.userId === 'string' && UUID.test(member.userId) ? member.userId : undefined;
  const who = typeof member.email === 'string' ? member.email : 'The member';
  if (!userId || before?.reason === 'user_deleted') throw targetGone(who);
  // The organization first, locked, as its service does.
  const organization = await organizationRepository.findById(tx, caller.tenantId, organizationId, {
    forUpdate: true,
  });
  if (!organization) throw targetGone(`The organization ${row.target_name ?? ''}`.trim());
  if (!(await userRepository.findById(tx, caller.tenantId, userId))) throw targetGone(who);
  const current = (await organizationRepository.orgRoleOf(tx, caller.tenantId, organizationId, userId)) ?? null;
  const restored = (before?.orgRole as OrgRole | undefined) ?? null;
  const field: RevertField = { field: 'orgRole', current, restored, expected: after?.orgRole ?? null };
  const action =
    restored === null
      ? 'organization.member_removed'
      : current === null
        ? 'organization.member_added'
        : 'organization.member_role_changed';
  const apply = async (db: Db, reverting: NamedTenantCaller) => {
    if (restored === null) await removeMember(db, reverting, organizationId, userId);
    else if (current === null) await addMember(db, reverting, organizationId, { userId, orgRole: restored });
    else await updateMember(db, reverting, organizationId, userId, restored);
  };
  return {
    fields: [field],
    roleNames: {},
    records: { action, targetType: 'organization', targetId: organizationId },
    apply,
  };
}

/** The plan of a revertible event (the caller checked `isRevertibleChange`). */
export function planFor(tx: Queryable, caller: Caller, row: AuditRow): Promise<RevertPlan> {
  if (!row.target_id || !UUID.test(row.target_id)) throw notRevertible('This event names no target to restore.');
  if (row.target_type === 'user') return userPlan(tx, caller, row);
  if (row.target_type === 'role') return rolePlan(tx, caller, row);
  if (row.target_type === 'organization') return membershipPlan(tx, caller, row);
  throw notRevertible(`Events about a ${row.target_type} cannot be reverted.`);
}

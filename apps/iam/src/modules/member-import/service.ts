import {
  type FieldError,
  type OrgRole,
  type ParsedUserImportRow,
  type UpdateUser,
  USER_IMPORT_CHANGES_PER_HOUR_MAX,
  type UserImportColumn,
  type UserImportResult,
  type UserImportRowResult,
  userImportColumns,
  type userImportEntrySchema,
  userImportRowSchema,
  type userImportSchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { joined } from '../../db/joined.ts';
import { AppError } from '../../errors.ts';
import { RateLimitedError } from '../../http/rate-limited.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { once } from '../../kernel/idempotency.ts';
import type { EmailVerificationOptions, VerificationCaller } from '../auth/email-verification.ts';
import { notifyMailQueued } from '../mail/outbox.ts';
import { addMember, updateMember } from '../organizations/service.ts';
import { roleRepository } from '../roles/repository.ts';
import { assertMayManageUsers } from '../users/policy.ts';
import { groupsOf, type UserRow, userRepository } from '../users/repository.ts';
import { emailTaken, insertUser, isUniqueEmailViolation, updateUser } from '../users/service.ts';
import { importRepository } from './repository.ts';

/**
 * Importing members from CSV rows (issue 18, ADR 037). Each row runs through the users' and
 * organizations' own services — the same rules, the same audit events, in the request's one
 * transaction — inside a savepoint of its own, so a refused row changes nothing and the others
 * go on. A dry run is the same work, rolled back at the end: it answers what applying would.
 */

type ImportBody = z.output<typeof userImportSchema>;
type Entry = z.output<typeof userImportEntrySchema>;

/** Ends a dry run's transaction (rolled back) carrying its answer. */
class DryRun extends Error {
  constructor(readonly result: UserImportResult) {
    super('dry run');
  }
}

interface Lookups {
  rolesByName: Map<string, string>;
  organizationsByRef: Map<string, string>;
}

async function lookups(tx: Queryable, tenantId: string): Promise<Lookups> {
  const [roles, organizations] = await Promise.all([
    importRepository.roles(tx, tenantId),
    importRepository.organizations(tx, tenantId),
  ]);
  const organizationsByRef = new Map<string, string>();
  // A slug names one organization; a name only when no slug reads the same.
  for (const o of organizations) organizationsByRef.set(o.name.toLowerCase(), o.id);
  for (const o of organizations) organizationsByRef.set(o.slug.toLowerCase(), o.id);
  return { rolesByName: new Map(roles.map((r) => [r.name.toLowerCase(), r.id])), organizationsByRef };
}

/** The column a field error of the users' or organizations' services is about. */
function columnOf(path: string): UserImportColumn | '' {
  const field = path.replace(/^body\./, '').split('.')[0] ?? '';
  if (field === 'groups') return 'roles';
  if (field === 'userId' || field === 'orgRole' || field === 'organizationId') return 'organizations';
  return (userImportColumns as readonly string[]).includes(field) ? (field as UserImportColumn) : '';
}

class RowError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail);
  }
}

const cellError = (column: UserImportColumn, message: string, code = 'validation_failed') =>
  new RowError(code, 'Some cells are not valid.', [{ path: column, message, code }]);

/** A refusal of a service, as a row's error: each field error names its column (the email when none). */
function rowErrorOf(error: AppError): RowError {
  const errors = (error.errors ?? []).map((e) => ({ ...e, path: columnOf(e.path) || 'email' }));
  const detail = error.detail ?? error.message;
  return new RowError(
    error.code,
    detail,
    errors.length ? errors : [{ path: 'email', message: detail, code: error.code }],
  );
}

/** Role names to ids, and organization names or slugs to ids (an unknown one names its column). */
function resolve(row: ParsedUserImportRow, found: Lookups) {
  const unknownRoles = (row.roles ?? []).filter((name) => !found.rolesByName.has(name.toLowerCase()));
  if (unknownRoles.length) {
    throw cellError('roles', `There is no role named ${unknownRoles.map((n) => `"${n}"`).join(', ')}`, 'unknown_role');
  }
  const unknownOrganizations = (row.organizations ?? []).filter(
    (o) => !found.organizationsByRef.has(o.ref.toLowerCase()),
  );
  if (unknownOrganizations.length) {
    throw cellError(
      'organizations',
      `There is no organization named ${unknownOrganizations.map((o) => `"${o.ref}"`).join(', ')}`,
      'unknown_organization',
    );
  }
  const groups = row.roles && [
    ...new Set(row.roles.map((name) => found.rolesByName.get(name.toLowerCase()) as string)),
  ];
  const organizations = new Map<string, OrgRole | undefined>();
  for (const o of row.organizations ?? []) {
    organizations.set(found.organizationsByRef.get(o.ref.toLowerCase()) as string, o.orgRole);
  }
  return { groups, organizations };
}

/** The memberships to add (with their org role) and the org roles to change. */
function membershipChanges(wanted: Map<string, OrgRole | undefined>, held: Map<string, OrgRole>) {
  const add: [string, OrgRole][] = [];
  const change: [string, OrgRole][] = [];
  for (const [organizationId, orgRole] of wanted) {
    const current = held.get(organizationId);
    if (current === undefined) add.push([organizationId, orgRole ?? 'ORG_MEMBER']);
    else if (orgRole !== undefined && orgRole !== current) change.push([organizationId, orgRole]);
  }
  return { add, change };
}

/** What a row changes on an existing member: the PATCH body, and the columns it touches. */
function patchOf(row: ParsedUserImportRow, target: UserRow, groups: string[] | undefined) {
  const patch: UpdateUser = {};
  if (row.firstName !== undefined && row.firstName !== target.first_name) patch.firstName = row.firstName;
  if (row.lastName !== undefined && row.lastName !== target.last_name) patch.lastName = row.lastName;
  if (row.phone !== undefined && row.phone !== target.phone) patch.phone = row.phone;
  if (row.role !== undefined && row.role !== target.role) patch.role = row.role;
  if (row.status !== undefined && row.status !== target.status) patch.status = row.status;
  const held = groupsOf(target);
  if (groups !== undefined && (groups.length !== held.length || groups.some((id) => !held.includes(id)))) {
    patch.groups = groups;
  }
  return patch;
}

const FIELD_COLUMNS: Record<keyof UpdateUser, UserImportColumn | undefined> = {
  firstName: 'firstName',
  lastName: 'lastName',
  phone: 'phone',
  role: 'role',
  status: 'status',
  groups: 'roles',
  email: undefined,
  password: undefined,
  permissions: undefined,
  resetPw: undefined,
};

interface RowContext {
  db: Db;
  tx: Queryable;
  caller: VerificationCaller;
  found: Lookups;
  options: EmailVerificationOptions;
  dryRun: boolean;
  budget: Budget;
}

/** How many more members the person may change by import this hour (server-to-server: no limit). */
interface Budget {
  remaining: number;
  retryAfterSeconds: number;
}

async function budgetOf(tx: Queryable, caller: VerificationCaller): Promise<Budget> {
  if (!caller.actor) return { remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };
  const used = await importRepository.changedInLastHour(tx, caller.tenantId, caller.actor.user.id);
  return {
    remaining: USER_IMPORT_CHANGES_PER_HOUR_MAX - used.count,
    retryAfterSeconds: used.oldestLeavesInSeconds,
  };
}

const spentMessage = `You have changed ${USER_IMPORT_CHANGES_PER_HOUR_MAX} members by import in the last hour. Try again later.`;

/** A row that creates or updates spends one; past the budget it is an error of its own. */
function spend(budget: Budget): void {
  if (budget.remaining <= 0) {
    throw new RowError('rate_limited', spentMessage, [
      { path: 'email', message: 'Not imported: the hourly limit is reached', code: 'rate_limited' },
    ]);
  }
  budget.remaining -= 1;
}

/** One row, checked and (inside its savepoint) applied; a refusal is thrown as a RowError. */
async function importRow(c: RowContext, entry: Entry, row: ParsedUserImportRow): Promise<UserImportRowResult> {
  const { groups, organizations } = resolve(row, c.found);
  const tenantId = c.caller.tenantId;
  // Roles before users, as everywhere (roles/service.ts), then the member locked: the changes
  // computed below are the changes made, whatever single edit comes at the same time.
  if (groups?.length) await roleRepository.findGrants(c.tx, tenantId, groups);
  const found = await userRepository.findByEmail(c.tx, tenantId, row.email);
  const target = found && (await userRepository.findById(c.tx, tenantId, found.id, { forUpdate: true }));
  const base = { email: row.email, code: null, detail: null, errors: [] };

  if (!target) {
    if (typeof entry.expected === 'number') {
      throw new RowError('not_found', 'This member was deleted since the preview.', [
        { path: 'email', message: 'No member has this address any more', code: 'not_found' },
      ]);
    }
    spend(c.budget);
    const user = await insertUser(
      c.tx,
      c.caller,
      {
        email: row.email,
        role: row.role ?? 'MEMBER',
        status: row.status ?? 'active',
        firstName: row.firstName,
        lastName: row.lastName,
        phone: row.phone,
        groups: groups ?? [],
        permissions: {},
        resetPw: false,
      },
      null,
      c.options,
    );
    for (const [organizationId, orgRole] of organizations) {
      await addMember(c.db, c.caller, organizationId, { userId: user.id, orgRole: orgRole ?? 'ORG_MEMBER' });
    }
    const now = (await userRepository.findById(c.tx, tenantId, user.id)) as UserRow;
    // A dry run's new member is rolled back: no id to show.
    const made = c.dryRun ? null : { id: now.id, version: now.version };
    return { ...base, index: 0, outcome: 'create', fields: [], user: made };
  }

  if (entry.expected === 'new') {
    throw new RowError('conflict', 'A member with this address was added since the preview.', [
      { path: 'email', message: 'Already a member: preview the file again', code: 'duplicate' },
    ]);
  }
  if (typeof entry.expected === 'number' && entry.expected !== target.version) {
    throw new RowError('precondition_failed', 'This member was changed since the preview: preview the file again.', [
      { path: 'email', message: 'Changed since the preview', code: 'precondition_failed' },
    ]);
  }
  const patch = patchOf(row, target, groups);
  const memberships = membershipChanges(organizations, await importRepository.memberships(c.tx, tenantId, target.id));
  const fields = userImportColumns.filter(
    (column) =>
      Object.keys(patch).some((key) => FIELD_COLUMNS[key as keyof UpdateUser] === column) ||
      (column === 'organizations' && memberships.add.length + memberships.change.length > 0),
  );
  if (fields.length === 0) {
    return { ...base, index: 0, outcome: 'unchanged', fields, user: { id: target.id, version: target.version } };
  }
  spend(c.budget);
  if (Object.keys(patch).length) {
    await updateUser(c.db, c.caller, target.id, patch, `"${target.version}"`, c.options);
  }
  for (const [organizationId, orgRole] of memberships.add) {
    await addMember(c.db, c.caller, organizationId, { userId: target.id, orgRole });
  }
  for (const [organizationId, orgRole] of memberships.change) {
    await updateMember(c.db, c.caller, organizationId, target.id, orgRole);
  }
  // A dry run answers the version it saw (what the apply is to find); an apply the one it made.
  const now = c.dryRun ? target : ((await userRepository.findById(c.tx, tenantId, target.id)) as UserRow);
  return { ...base, index: 0, outcome: 'update', fields, user: { id: now.id, version: now.version } };
}

function errorResult(index: number, email: string | null, error: RowError): UserImportRowResult {
  return {
    index,
    email,
    outcome: 'error',
    fields: [],
    code: error.code,
    detail: error.detail,
    errors: error.errors,
    user: null,
  };
}

const pick = ({ create, update, unchanged, error }: UserImportResult) => ({ create, update, unchanged, error });

function emailOf(cells: Record<string, unknown>): string | null {
  const email = cells.email;
  return typeof email === 'string' ? email.trim().slice(0, 254) : null;
}

/** The rows, one after the other in `tx`, each in a savepoint of its own. */
async function importRows(
  kind: Db['kind'],
  tx: Queryable,
  caller: VerificationCaller,
  body: ImportBody,
  options: EmailVerificationOptions,
): Promise<UserImportResult> {
  const db = joined(kind, tx, { savepoints: true });
  const budget = await budgetOf(tx, caller);
  if (budget.remaining <= 0) throw new RateLimitedError(spentMessage, budget.retryAfterSeconds);
  const found = await lookups(tx, caller.tenantId);
  const items: UserImportRowResult[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of body.rows.entries()) {
    const parsed = userImportRowSchema.safeParse(entry.cells);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        path: String(issue.path[0] ?? 'email'),
        message: issue.message,
        code: issue.code,
      }));
      items.push(
        errorResult(
          index,
          emailOf(entry.cells),
          new RowError('validation_failed', 'Some cells are not valid.', errors),
        ),
      );
      continue;
    }
    const key = parsed.data.email.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      items.push(
        errorResult(
          index,
          parsed.data.email,
          cellError('email', `The same address as row ${first + 1} of this request`, 'duplicate'),
        ),
      );
      continue;
    }
    seen.set(key, index);
    try {
      const result = await db.transaction(() =>
        importRow({ db, tx, caller, found, options, dryRun: body.dryRun, budget }, entry, parsed.data),
      );
      items.push({ ...result, index });
    } catch (error) {
      if (error instanceof RowError) items.push(errorResult(index, parsed.data.email, error));
      else if (error instanceof AppError) items.push(errorResult(index, parsed.data.email, rowErrorOf(error)));
      else if (isUniqueEmailViolation(error))
        items.push(errorResult(index, parsed.data.email, rowErrorOf(emailTaken())));
      else throw error;
    }
  }
  const count = (outcome: UserImportRowResult['outcome']) => items.filter((i) => i.outcome === outcome).length;
  const result = {
    dryRun: body.dryRun,
    items,
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    error: count('error'),
  };
  // The request's own event: what the hourly limit counts (each member's change has its own).
  await recordAudit(tx, caller, {
    action: 'user.list_imported',
    targetType: 'user',
    targetId: null,
    after: { rows: items.length, changed: result.create + result.update, ...pick(result) },
  });
  return result;
}

/**
 * `POST /v2/client/multi-user/import`: an OWNER or ADMIN (who may list every member), or a
 * server-to-server call. With `dryRun`, everything is rolled back; otherwise the rows that did not
 * fail are committed together, and an Idempotency-Key makes a retried chunk answer as the first.
 */
export async function importUsers(
  db: Db,
  caller: VerificationCaller,
  body: ImportBody,
  idempotencyKey: string | undefined,
  options: EmailVerificationOptions,
): Promise<UserImportResult> {
  assertMayManageUsers(caller.actor);
  if (body.dryRun) {
    try {
      await db.transaction(async (tx) => {
        throw new DryRun(await importRows(db.kind, tx, caller, body, options));
      });
    } catch (error) {
      if (error instanceof DryRun) return error.result;
      throw error;
    }
    throw new Error('unreachable: a dry run always rolls back');
  }
  const result = await db.transaction(async (tx) => {
    const run = async () => ({ status: 200, body: await importRows(db.kind, tx, caller, body, options) });
    if (!idempotencyKey) return { ...(await run()), replayed: false };
    const scope = `users.import:${caller.actor ? `user:${caller.actor.user.id}` : 'client'}`;
    return once(tx, { tenantId: caller.tenantId, scope, key: idempotencyKey, request: body }, run);
  });
  if (!result.replayed && result.body.create > 0) notifyMailQueued();
  return result.body;
}

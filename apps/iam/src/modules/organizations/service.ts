import { randomUUID } from 'node:crypto';
import {
  type addOrganizationMemberSchema,
  type createOrganizationSchema,
  type FieldError,
  type listOrganizationMembersQuerySchema,
  type listOrganizationsQuerySchema,
  type Organization,
  type OrganizationList,
  type OrganizationMember,
  type OrganizationMemberList,
  type OrgRole,
  slugify,
  type UserOrganizationList,
  type updateOrganizationSchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { checkVersion } from '../../http/if-match.ts';
import { auditOf } from '../../kernel/audit.ts';
import type { Caller } from '../../kernel/context.ts';
import { keysetAfter, keysetPage } from '../../kernel/keyset.ts';
import { revokeInvitationsSendersMayNoLongerSend } from '../invitations/sender-rights.ts';
import { assertMayRead } from '../users/policy.ts';
import { userRepository } from '../users/repository.ts';
import { type MemberRow, toMember } from './membership-repository.ts';
import {
  accessFrom,
  administersTenant,
  assertMayAddMembers,
  assertMayChangeMember,
  assertMayCreate,
  assertMayDelete,
  assertMayUpdateDetails,
  type OrganizationAccess,
} from './policy.ts';
import { type OrganizationRow, organizationRepository as repo, toOrganization } from './repository.ts';

type CreateBody = z.output<typeof createOrganizationSchema>;
type UpdateBody = z.output<typeof updateOrganizationSchema>;
type ListQuery = z.output<typeof listOrganizationsQuerySchema>;
type MembersQuery = z.output<typeof listOrganizationMembersQuerySchema>;
type AddMemberBody = z.output<typeof addOrganizationMemberSchema>;

const notFound = () => new AppError(404, 'not_found', 'No such organization.');
const memberNotFound = () => new AppError(404, 'not_found', 'No such member of this organization.');
const invalid = (errors: FieldError[]) => new AppError(400, 'validation_failed', 'Some fields are not valid.', errors);
const slugTaken = () =>
  new AppError(409, 'conflict', 'An organization with this slug already exists.', [
    { path: 'body.slug', message: 'This slug is already in use', code: 'duplicate' },
  ]);

const audit = auditOf('organization');

/**
 * The organization as this caller may see it. Hidden organizations (another tenant's, or one a
 * tenant MEMBER does not administer) are the same 404 as ids that do not exist.
 */
async function organizationFor(
  db: Queryable,
  caller: Caller,
  organizationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ row: OrganizationRow; access: OrganizationAccess }> {
  const row = await repo.findById(db, caller.tenantId, organizationId, options);
  if (!row) throw notFound();
  const orgRole =
    caller.actor && !administersTenant(caller.actor)
      ? await repo.orgRoleOf(db, caller.tenantId, organizationId, caller.actor.user.id)
      : undefined;
  const access = accessFrom(caller.actor, orgRole);
  if (!access) throw notFound();
  return { row, access };
}

/** An organization that has an ORG_OWNER keeps one: checked with the owners' rows locked. */
async function assertOrgOwnersRemain(tx: Queryable, caller: Caller, target: MemberRow, organizationId: string) {
  if (target.org_role !== 'ORG_OWNER') return;
  const owners = await repo.lockOwners(tx, caller.tenantId, organizationId);
  if (owners.filter((id) => id !== target.user_id).length === 0) {
    throw new AppError(
      409,
      'last_org_owner',
      `${target.email} is the last ORG_OWNER of this organization. Make someone else an ORG_OWNER first.`,
    );
  }
}

const unknownUser = (path: string) => invalid([{ path, message: 'No such user in this tenant', code: 'unknown_user' }]);

/**
 * Adds a membership. The user was looked up unlocked (locking them here would invert the user →
 * organization lock order of a user's deletion), so one deleted meanwhile fails the foreign key:
 * that is the same 400 as a user who never existed.
 */
async function insertMembership(tx: Queryable, member: Parameters<typeof repo.insertMember>[1], path: string) {
  try {
    return await repo.insertMember(tx, member);
  } catch (error) {
    const e = error as { code?: string; constraint?: string };
    if (e?.code === '23503' && e.constraint === 'organization_members_user_id_fkey') throw unknownUser(path);
    throw error;
  }
}

function isUniqueSlugViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'organizations_tenant_slug_key');
}

/** The slug a name suggests, at least 2 characters even for names with no latin letters or digits. */
function derivedSlug(name: string): string {
  const slug = slugify(name);
  if (slug.length >= 2) return slug;
  return slug ? `org-${slug}` : 'org';
}

/** `base`, or else `base-2`, `base-3`… (the base shortened to keep within 63 characters). */
function firstFreeSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 63 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Inserts with the asked slug (409 when taken) or a derived one. Two creates racing for the same
 * derived slug do not fail: the loser's insert does nothing and it takes the next free number.
 */
async function insertOrganization(tx: Queryable, caller: Caller, id: string, body: CreateBody): Promise<void> {
  const row = { id, tenantId: caller.tenantId, name: body.name, description: body.description ?? null };
  if (body.slug !== undefined) {
    if (!(await repo.insert(tx, { ...row, slug: body.slug }))) throw slugTaken();
    return;
  }
  const base = derivedSlug(body.name);
  // Every shortened form of the base starts with its first 48 characters (suffixes stay under 16).
  const prefix = base.slice(0, 48);
  for (let attempt = 0; attempt < 10; attempt++) {
    const slug = firstFreeSlug(base, await repo.slugsStartingWith(tx, caller.tenantId, prefix));
    if (await repo.insert(tx, { ...row, slug })) return;
  }
  throw new AppError(409, 'conflict', 'Too many organizations with this name were created at once. Try again.');
}

export async function listOrganizations(db: Db, caller: Caller, query: ListQuery): Promise<OrganizationList> {
  const after = keysetAfter(query.cursor, 'organizations', 'text');
  const filter = {
    search: query.search || undefined,
    administeredBy: administersTenant(caller.actor) ? undefined : caller.actor?.user.id,
  };
  const [rows, total] = await Promise.all([
    repo.page(db, caller.tenantId, filter, query.limit, after),
    repo.count(db, caller.tenantId, filter),
  ]);
  return { ...keysetPage(rows, query.limit, 'organizations', toOrganization, (row) => row), ...total };
}

export async function createOrganization(db: Db, caller: Caller, body: CreateBody): Promise<Organization> {
  assertMayCreate(caller.actor);
  return db.transaction(async (tx) => {
    if (body.ownerUserId !== undefined && !(await userRepository.findById(tx, caller.tenantId, body.ownerUserId))) {
      throw unknownUser('body.ownerUserId');
    }
    const id = randomUUID();
    await insertOrganization(tx, caller, id, body);
    const ownerUserId = body.ownerUserId ?? caller.actor?.user.id;
    if (ownerUserId) {
      await insertMembership(
        tx,
        { tenantId: caller.tenantId, organizationId: id, userId: ownerUserId, orgRole: 'ORG_OWNER' },
        'body.ownerUserId',
      );
    }
    const organization = toOrganization((await repo.findById(tx, caller.tenantId, id)) as OrganizationRow);
    const owner = ownerUserId ? await repo.findMember(tx, caller.tenantId, id, ownerUserId) : undefined;
    await audit(tx, caller, 'organization.created', id, undefined, {
      ...organization,
      owner: owner ? toMember(owner) : null,
    });
    return organization;
  });
}

export async function getOrganization(db: Db, caller: Caller, organizationId: string): Promise<Organization> {
  return toOrganization((await organizationFor(db, caller, organizationId)).row);
}

export async function updateOrganization(
  db: Db,
  caller: Caller,
  organizationId: string,
  body: UpdateBody,
  ifMatch: string | undefined,
): Promise<Organization> {
  try {
    return await db.transaction(async (tx) => {
      const { row, access } = await organizationFor(tx, caller, organizationId, { forUpdate: true });
      assertMayUpdateDetails(access, body);
      checkVersion(row, ifMatch, 'organization');
      if (body.slug !== undefined && (await repo.slugTaken(tx, caller.tenantId, body.slug, organizationId))) {
        throw slugTaken();
      }
      await repo.update(tx, caller.tenantId, organizationId, body);
      const before = toOrganization(row);
      const after = toOrganization((await repo.findById(tx, caller.tenantId, organizationId)) as OrganizationRow);
      await audit(tx, caller, 'organization.updated', organizationId, before, after);
      return after;
    });
  } catch (error) {
    // Another organization took the slug between our check and our write.
    if (isUniqueSlugViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function deleteOrganization(
  db: Db,
  caller: Caller,
  organizationId: string,
  ifMatch: string | undefined,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { row, access } = await organizationFor(tx, caller, organizationId, { forUpdate: true });
    assertMayDelete(access);
    checkVersion(row, ifMatch, 'organization');
    // The memberships go with it; the event keeps who held which org role.
    const members = await repo.membershipsOf(tx, caller.tenantId, organizationId);
    await repo.delete(tx, caller.tenantId, organizationId);
    await audit(tx, caller, 'organization.deleted', organizationId, { ...toOrganization(row), members });
  });
}

export async function listMembers(
  db: Db,
  caller: Caller,
  organizationId: string,
  query: MembersQuery,
): Promise<OrganizationMemberList> {
  const after = keysetAfter(query.cursor, 'members', 'text');
  await organizationFor(db, caller, organizationId);
  const filter = { search: query.search || undefined, orgRole: query.orgRole };
  const [rows, total] = await Promise.all([
    repo.pageMembers(db, caller.tenantId, organizationId, filter, query.limit, after),
    repo.countMembers(db, caller.tenantId, organizationId, filter),
  ]);
  const page = keysetPage(rows, query.limit, 'members', toMember, (row) => ({
    sort_value: row.sort_value,
    id: row.user_id,
  }));
  return { ...page, ...total };
}

export async function addMember(
  db: Db,
  caller: Caller,
  organizationId: string,
  body: AddMemberBody,
): Promise<OrganizationMember> {
  return db.transaction((tx) => addMemberIn(tx, caller, organizationId, body));
}

/** Adding one member inside the caller's transaction, under every rule of `addMember` (bulk adds too). */
export async function addMemberIn(
  tx: Queryable,
  caller: Caller,
  organizationId: string,
  body: AddMemberBody,
): Promise<OrganizationMember> {
  const { access } = await organizationFor(tx, caller, organizationId, { forUpdate: true });
  assertMayAddMembers(access);
  if (!(await userRepository.findById(tx, caller.tenantId, body.userId))) {
    throw unknownUser('body.userId');
  }
  const added = await insertMembership(
    tx,
    { tenantId: caller.tenantId, organizationId, userId: body.userId, orgRole: body.orgRole },
    'body.userId',
  );
  if (!added) {
    throw new AppError(409, 'conflict', 'This user is already a member of the organization.', [
      { path: 'body.userId', message: 'Already a member', code: 'duplicate' },
    ]);
  }
  const member = toMember((await repo.findMember(tx, caller.tenantId, organizationId, body.userId)) as MemberRow);
  await audit(tx, caller, 'organization.member_added', organizationId, undefined, member);
  return member;
}

export async function updateMember(
  db: Db,
  caller: Caller,
  organizationId: string,
  userId: string,
  orgRole: OrgRole,
): Promise<OrganizationMember> {
  return db.transaction(async (tx) => {
    const { access } = await organizationFor(tx, caller, organizationId, { forUpdate: true });
    const target = await repo.findMember(tx, caller.tenantId, organizationId, userId);
    if (!target) throw memberNotFound();
    assertMayChangeMember(access, target, orgRole);
    if (target.org_role === orgRole) return toMember(target);
    if (orgRole !== 'ORG_OWNER') await assertOrgOwnersRemain(tx, caller, target, organizationId);
    await repo.updateMemberRole(tx, caller.tenantId, organizationId, userId, orgRole);
    // Gone meanwhile (the user was deleted from the tenant): as if never a member.
    const changed = await repo.findMember(tx, caller.tenantId, organizationId, userId);
    if (!changed) throw memberNotFound();
    const after = toMember(changed);
    // An ORG_ADMIN made a member may no longer send their invitations into the organization.
    await revokeInvitationsSendersMayNoLongerSend(tx, caller, [userId]);
    await audit(tx, caller, 'organization.member_role_changed', organizationId, toMember(target), after);
    return after;
  });
}

export async function removeMember(db: Db, caller: Caller, organizationId: string, userId: string): Promise<void> {
  await db.transaction((tx) => removeMemberIn(tx, caller, organizationId, userId));
}

/** Removing one member inside the caller's transaction, under every rule of `removeMember` (bulk removes too). */
export async function removeMemberIn(tx: Queryable, caller: Caller, organizationId: string, userId: string) {
  const { access } = await organizationFor(tx, caller, organizationId, { forUpdate: true });
  const target = await repo.findMember(tx, caller.tenantId, organizationId, userId);
  if (!target) throw memberNotFound();
  assertMayChangeMember(access, target, undefined);
  await assertOrgOwnersRemain(tx, caller, target, organizationId);
  await repo.deleteMember(tx, caller.tenantId, organizationId, userId);
  await revokeInvitationsSendersMayNoLongerSend(tx, caller, [userId]);
  await audit(tx, caller, 'organization.member_removed', organizationId, toMember(target));
}

/** A tenant MEMBER reads only their own organizations (the users' read rule). */
export async function listUserOrganizations(db: Db, caller: Caller, userId: string): Promise<UserOrganizationList> {
  assertMayRead(caller.actor, userId);
  if (!(await userRepository.findById(db, caller.tenantId, userId))) {
    throw new AppError(404, 'not_found', 'No such user.');
  }
  return { items: await repo.forUser(db, caller.tenantId, userId) };
}

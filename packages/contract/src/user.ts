import { z } from 'zod';
import {
  CONTROL_CHARACTERS_MESSAGE,
  keysetPageQuery,
  keysetPageSchema,
  NO_CONTROL_CHARACTERS,
  PAGE_SIZE_MAX,
  searchQuerySchema,
} from './fields.ts';

export const accessLevels = ['OWNER', 'ADMIN', 'MEMBER'] as const;
export const accessLevelSchema = z.enum(accessLevels);
export type AccessLevel = z.infer<typeof accessLevelSchema>;

export const userStatuses = ['active', 'inactive', 'invited'] as const;
export const userStatusSchema = z.enum(userStatuses);
export type UserStatus = z.infer<typeof userStatusSchema>;

/** Emails are trimmed and compared case-insensitively; we keep the address as typed otherwise. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }));

/** The Conscent `permissions` map: catalog key → granted. Keys are checked against the tenant's catalog. */
export const permissionMapSchema = z.record(z.string(), z.boolean());

// The password policy (NIST SP 800-63B): length, not composition rules; never the email itself.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(PASSWORD_MIN_LENGTH, {
    error: (issue) =>
      `Use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${typeof issue.input === 'string' ? issue.input.length : 0})`,
  })
  .max(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters` });

/** The policy's one cross-field rule, shared by the forms and the API. */
export function passwordIsEmail(password: string, email: string | undefined): boolean {
  return email !== undefined && password.trim().toLowerCase() === email.trim().toLowerCase();
}
export const PASSWORD_IS_EMAIL_MESSAGE = 'The password cannot be the email address';

export const personNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'Enter a name or leave the field out' })
  .max(100, { error: 'Use at most 100 characters' })
  .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE });

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{2,30}$/, { error: 'Enter a phone number such as +44 20 7946 0000' });

export const permissionKeySchema = z.string().min(1).max(64);
export const roleIdsSchema = z
  .array(z.uuid({ error: 'Use role ids' }))
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'List each role once' });

/** Where one effective permission comes from: a direct grant, or a role the user holds. */
export const permissionSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct') }),
  z.object({ type: z.literal('role'), roleId: z.uuid(), roleName: z.string() }),
]);
export type PermissionSource = z.infer<typeof permissionSourceSchema>;

export const userSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  status: userStatusSchema,
  role: accessLevelSchema,
  /** Direct grants, as set through this API (catalog key → granted). */
  permissions: permissionMapSchema,
  /** Direct grants ∪ the permissions of the user's roles (`groups`). */
  effectivePermissions: z.array(z.string()),
  /**
   * For every key of `effectivePermissions`, where it comes from: `direct` first, then each role
   * that grants it (ordered by role name). The matrix shows role-granted cells as inherited.
   */
  permissionSources: z.record(z.string(), z.array(permissionSourceSchema)),
  /** The ids of the roles the user holds. */
  groups: z.array(z.uuid()),
  /** True while any second factor (authenticator app, passkey) is enrolled. */
  mfa: z.boolean(),
  /**
   * The tenant's two-step policy asks this user for a second factor (ADR 031). With `mfa` false,
   * their sessions may do nothing but set one up.
   */
  twoStepRequired: z.boolean(),
  /**
   * The seeds' `reset_pw`: the user must choose a new password at their next sign-in, and may do
   * nothing else until they have. Set by an OWNER or ADMIN; clears itself when they do.
   */
  resetPw: z.boolean(),
  /** Whether `email` is proven: a verification link followed, or an invitation accepted. */
  emailVerified: z.boolean(),
  /** A requested new address, in effect only once its verification link is followed; else null. */
  pendingEmail: z.email().nullable(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
});
export type User = z.infer<typeof userSchema>;

/** `POST /v2/client/multi-user`: the Conscent body, plus names, phone and roles. */
export const createUserSchema = z
  .strictObject({
    email: emailSchema,
    password: passwordSchema,
    permissions: z.record(permissionKeySchema, z.boolean()).default({}),
    role: accessLevelSchema.default('MEMBER'),
    firstName: personNameSchema.optional(),
    lastName: personNameSchema.optional(),
    phone: phoneSchema.optional(),
    groups: roleIdsSchema.default([]),
    /** Ask for a new password at the first sign-in (`reset_pw`). */
    resetPw: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (passwordIsEmail(body.password, body.email)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL_MESSAGE });
    }
  });
export type CreateUser = z.input<typeof createUserSchema>;

/**
 * `PATCH /v2/client/multi-user/{userId}`: any subset; `permissions` merges into the direct grants.
 * A new `email` is mailed a verification link and replaces the current one only when it is
 * followed (the answer's `pendingEmail` shows it meanwhile).
 */
export const updateUserSchema = z
  .strictObject({
    email: emailSchema.optional(),
    /** `true`: the user must choose a new password at their next sign-in; `false` lifts that. */
    resetPw: z.boolean().optional(),
    password: passwordSchema.optional(),
    permissions: z.record(permissionKeySchema, z.boolean()).optional(),
    role: accessLevelSchema.optional(),
    status: z.enum(['active', 'inactive']).optional(),
    firstName: personNameSchema.nullable().optional(),
    lastName: personNameSchema.nullable().optional(),
    phone: phoneSchema.nullable().optional(),
    groups: roleIdsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (Object.keys(body).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'Send at least one field' });
    if (body.password !== undefined && passwordIsEmail(body.password, body.email)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL_MESSAGE });
    }
  });
export type UpdateUser = z.input<typeof updateUserSchema>;

/**
 * `PUT /v2/client/multi-user/{userId}` (Identity Manager's `PUT User`): the user's profile, access
 * level, direct permission map and roles as they are to be. An optional field left out is cleared
 * (names and phone to null, `permissions` to `{}`, `groups` to `[]`): the map is replaced, not
 * merged as PATCH does. Password and status have their own calls and are not part of it.
 */
export const replaceUserSchema = z.strictObject({
  email: emailSchema,
  role: accessLevelSchema,
  permissions: z.record(permissionKeySchema, z.boolean()).default({}),
  firstName: personNameSchema.nullable().default(null),
  lastName: personNameSchema.nullable().default(null),
  phone: phoneSchema.nullable().default(null),
  groups: roleIdsSchema.default([]),
});
export type ReplaceUser = z.input<typeof replaceUserSchema>;

/** A role as `?expand=groups` shows it on a user (the user/group API's `groups` objects). */
export const userGroupSchema = z.object({ id: z.uuid(), name: z.string(), permissions: z.array(z.string()) });
export type UserGroup = z.infer<typeof userGroupSchema>;
export const expandedUserSchema = userSchema.extend({ groups: z.array(userGroupSchema) });
export type ExpandedUser = z.infer<typeof expandedUserSchema>;
/** A user as the user endpoints answer: `groups` are ids, or role objects with `?expand=groups`. */
export const userResponseSchema = z.union([userSchema, expandedUserSchema]);

/** A user answer with `groups` as ids, however it was asked for (the screens that hold role ids). */
export function withGroupIds(user: User | ExpandedUser): User {
  return { ...user, groups: user.groups.map((group) => (typeof group === 'string' ? group : group.id)) };
}

/** `withGroupIds` for each user of a page. */
export function pageWithGroupIds<P extends { items: (User | ExpandedUser)[] }>(page: P): P & { items: User[] } {
  return { ...page, items: page.items.map(withGroupIds) };
}

/** `?expand=groups` on the user endpoints. */
export const userExpandQuerySchema = z.strictObject({
  expand: z.enum(['groups'], { error: 'Use expand=groups' }).optional(),
});
export type UserExpand = z.output<typeof userExpandQuerySchema>['expand'];
/** A verification link works once, for this long. */
export const EMAIL_VERIFICATION_TTL_HOURS = 24;
/** Verification links one user may be sent in an hour (resends and email changes together). */
export const EMAIL_VERIFICATIONS_PER_HOUR_MAX = 5;

export const setPasswordSchema = z.strictObject({ password: passwordSchema });
export type SetPassword = z.infer<typeof setPasswordSchema>;

export const changeOwnPasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, { error: 'Enter your current password' }).max(1024),
  newPassword: passwordSchema,
});
export type ChangeOwnPassword = z.infer<typeof changeOwnPasswordSchema>;

export const userSorts = [
  'email',
  '-email',
  'name',
  '-name',
  'createdAt',
  '-createdAt',
  'lastLoginAt',
  '-lastLoginAt',
] as const;
export const userSortSchema = z.enum(userSorts);
export type UserSort = z.infer<typeof userSortSchema>;
export const DEFAULT_USER_SORT: UserSort = 'email';
export const USER_PAGE_SIZE_MAX = PAGE_SIZE_MAX;

/** A yes/no filter in a query string: exactly `true` or `false`. */
export const booleanQuerySchema = z
  .enum(['true', 'false'], { error: 'Use true or false' })
  .transform((value) => value === 'true');

/** `GET /v2/client/multi-user`: search, filters, sort, and an opaque keyset cursor (never an offset). */
export const listUsersQuerySchema = z.strictObject({
  search: searchQuerySchema,
  /** Exactly this address, compared case-insensitively (not a contains-search like `search`). */
  email: emailSchema.optional(),
  role: accessLevelSchema.optional(),
  status: userStatusSchema.optional(),
  group: z.uuid({ error: 'Use a role id' }).optional(),
  organizationId: z.uuid({ error: 'Use an organization id' }).optional(),
  /** `false`: only users whose email is not verified yet; `true`: only verified ones. */
  emailVerified: booleanQuerySchema.optional(),
  /** `true`: only users who must choose a new password at their next sign-in. */
  resetPw: booleanQuerySchema.optional(),
  /** `true`: only users with two-step sign-in (any factor); `false`: only those without. */
  mfa: booleanQuerySchema.optional(),
  sort: userSortSchema.default(DEFAULT_USER_SORT),
  ...userExpandQuerySchema.shape,
  ...keysetPageQuery,
});
export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;

/** The columns an import reads (ADR 037), in the export's order: an exported file imports back. */
export const userImportColumns = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'role',
  'status',
  'roles',
  'organizations',
] as const;
export type UserImportColumn = (typeof userImportColumns)[number];

/**
 * The columns a users export can hold, in the file's order. `permissions` becomes one column per
 * permission of the tenant's catalog (its key), holding where the grant comes from: `direct`, the
 * names of the roles that grant it, or nothing. `organizations` is `Name (ORG_ROLE)`, `; `-separated.
 */
export const userExportColumns = [...userImportColumns, 'permissions', 'twoStep', 'lastLoginAt', 'createdAt'] as const;
export const userExportColumnSchema = z.enum(userExportColumns);
export type UserExportColumn = z.infer<typeof userExportColumnSchema>;

/**
 * `GET /v2/client/multi-user/export`: every user the list's filters match (all pages), as CSV for
 * spreadsheets, in the list's sort order. `columns` picks and orders nothing: the file keeps the
 * order above; leave it out for all of them.
 */
export const exportUsersQuerySchema = listUsersQuerySchema.omit({ cursor: true, limit: true, expand: true }).extend({
  columns: z
    .string()
    .max(500)
    .transform((value, ctx) => {
      const picked = value.split(',').map((c) => c.trim());
      const unknown = picked.filter((c) => !(userExportColumns as readonly string[]).includes(c));
      if (unknown.length > 0 || picked.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Use columns from: ${userExportColumns.join(', ')} (not ${unknown.join(', ') || 'nothing'})`,
        });
        return z.NEVER;
      }
      return userExportColumns.filter((c) => picked.includes(c));
    })
    .optional(),
});
export type ExportUsersQuery = z.input<typeof exportUsersQuerySchema>;

export const userListSchema = keysetPageSchema(userSchema);
export const expandedUserListSchema = keysetPageSchema(expandedUserSchema);
export const userListResponseSchema = z.union([userListSchema, expandedUserListSchema]);
export type UserList = z.infer<typeof userListSchema>;

export const userIdParamsSchema = z.object({ userId: z.uuid({ error: 'Use a user id' }) });

/** One user's part of a matrix bulk change: checked against that user's current `version`. */
export const permissionChangeSchema = z
  .strictObject({
    userId: z.uuid({ error: 'Use a user id' }),
    version: z.number().int().positive(),
    grant: z.array(permissionKeySchema).max(100).default([]),
    revoke: z.array(permissionKeySchema).max(100).default([]),
  })
  .superRefine((change, ctx) => {
    if (change.grant.length + change.revoke.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['grant'], message: 'Grant or revoke at least one permission' });
    }
    const granted = new Set(change.grant);
    const both = change.revoke.filter((key) => granted.has(key));
    if (both.length) {
      ctx.addIssue({ code: 'custom', path: ['revoke'], message: `Both granted and revoked: ${both.join(', ')}` });
    }
  });
export type PermissionChange = z.input<typeof permissionChangeSchema>;

export const BULK_CHANGES_MAX = 1000;
export const bulkPermissionChangeSchema = z
  .strictObject({ changes: z.array(permissionChangeSchema).min(1).max(BULK_CHANGES_MAX) })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.changes.forEach((change, index) => {
      if (seen.has(change.userId)) {
        ctx.addIssue({ code: 'custom', path: ['changes', index, 'userId'], message: 'One change per user' });
      }
      seen.add(change.userId);
    });
  });
export type BulkPermissionChange = z.input<typeof bulkPermissionChangeSchema>;
export const bulkPermissionResultSchema = z.object({ items: z.array(userSchema) });
export type BulkPermissionResult = z.infer<typeof bulkPermissionResultSchema>;

/** `If-Match: "<version>"` (or `*`) on writes; optional for server-to-server callers. */
export const ifMatchHeaderSchema = z
  .string()
  .regex(/^(\*|"\d{1,10}")$/, { error: 'Send If-Match as the ETag you received, e.g. "3"' })
  .optional();
export const idempotencyKeyHeaderSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, { error: 'Use printable ASCII without spaces' })
  .optional();

export function etagOf(version: number): string {
  return `"${version}"`;
}

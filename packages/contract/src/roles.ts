import { z } from 'zod';
import { descriptionSchema, entityNameSchema, keysetPageQuery, searchQuerySchema } from './fields.ts';
import { permissionKeySchema, userSchema } from './user.ts';

/**
 * Roles: named permission groups (the Conscent `groups`, "Roles" on screen). Holding a role grants
 * its permissions; the matrix shows them as inherited.
 */

export const ROLE_PERMISSIONS_MAX = 100;
export const ROLE_ASSIGNMENT_USERS_MAX = 1000;

const rolePermissionsSchema = z
  .array(permissionKeySchema)
  .max(ROLE_PERMISSIONS_MAX)
  .refine((keys) => new Set(keys).size === keys.length, { error: 'List each permission once' });

export const roleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  /** Catalog keys, in catalog order. */
  permissions: z.array(z.string()),
  /** How many users hold the role. */
  memberCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
});
export type Role = z.infer<typeof roleSchema>;

/** Every role of the tenant, ordered by name (a tenant has tens of roles, not thousands). */
export const roleListSchema = z.object({ items: z.array(roleSchema) });
export type RoleList = z.infer<typeof roleListSchema>;

export const createRoleSchema = z.strictObject({
  /** Unique in the tenant in any letter case. */
  name: entityNameSchema,
  description: descriptionSchema.nullable().optional(),
  permissions: rolePermissionsSchema.default([]),
});
export type CreateRole = z.input<typeof createRoleSchema>;

/** `PATCH /v2/client/roles/{roleId}`: any subset; `permissions` replaces the role's whole set. */
export const updateRoleSchema = z
  .strictObject({
    name: entityNameSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    permissions: rolePermissionsSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'Send at least one field', path: [] });
export type UpdateRole = z.input<typeof updateRoleSchema>;

export const roleIdParamsSchema = z.object({ roleId: z.uuid({ error: 'Use a role id' }) });
export const roleMemberParamsSchema = z.object({
  roleId: z.uuid({ error: 'Use a role id' }),
  userId: z.uuid({ error: 'Use a user id' }),
});

/** `DELETE /v2/client/roles/{roleId}`: a role that users hold is deleted only with `force=true`. */
export const deleteRoleQuerySchema = z.strictObject({
  force: z.enum(['true', 'false'], { error: 'Use true or false' }).optional(),
});

/** What deleting a role would take away: the confirm dialog shows it before a forced delete. */
export const roleDeletionImpactSchema = z.object({
  roleId: z.uuid(),
  /** Users who hold the role. */
  memberCount: z.number().int().nonnegative(),
  /**
   * Per permission of the role, how many of its members would lose it (they hold it neither
   * directly nor through another role). Permissions nobody loses are listed with 0.
   */
  losses: z.array(z.object({ permission: z.string(), users: z.number().int().nonnegative() })),
});
export type RoleDeletionImpact = z.infer<typeof roleDeletionImpactSchema>;

/** `GET /v2/client/roles/{roleId}/members`: the users who hold the role (keyset paged, by email). */
export const listRoleMembersQuerySchema = z.strictObject({
  search: searchQuerySchema,
  ...keysetPageQuery,
});

/**
 * `POST /v2/client/role-assignments`: add and remove roles on many users at once (the users
 * list's bulk action). All applied or none; each added role is checked against the actor's
 * permissions (no escalation through a role).
 */
export const roleAssignmentSchema = z
  .strictObject({
    userIds: z
      .array(z.uuid({ error: 'Use user ids' }))
      .min(1)
      .max(ROLE_ASSIGNMENT_USERS_MAX)
      .refine((ids) => new Set(ids).size === ids.length, { error: 'List each user once' }),
    add: z
      .array(z.uuid({ error: 'Use role ids' }))
      .max(50)
      .default([]),
    remove: z
      .array(z.uuid({ error: 'Use role ids' }))
      .max(50)
      .default([]),
  })
  .superRefine((body, ctx) => {
    if (body.add.length + body.remove.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['add'], message: 'Add or remove at least one role' });
    }
    const added = new Set(body.add);
    const both = body.remove.filter((id) => added.has(id));
    if (both.length) ctx.addIssue({ code: 'custom', path: ['remove'], message: 'A role is both added and removed' });
  });
export type RoleAssignment = z.input<typeof roleAssignmentSchema>;
export const roleAssignmentResultSchema = z.object({ items: z.array(userSchema) });
export type RoleAssignmentResult = z.infer<typeof roleAssignmentResultSchema>;

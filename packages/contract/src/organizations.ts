import { z } from 'zod';
import { descriptionSchema, entityNameSchema, keysetPageQuery, keysetPageSchema, searchQuerySchema } from './fields.ts';
import { accessLevelSchema, userStatusSchema } from './user.ts';

/**
 * Organizations: companies or teams inside the tenant, with their own members and org roles.
 * An ORG_OWNER or ORG_ADMIN manages that organization's members (delegated administration); an
 * ORG_USER_MANAGER invites and removes its ORG_MEMBERs and edits their names, phone and roles.
 */

export const orgRoles = ['ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'] as const;
export const orgRoleSchema = z.enum(orgRoles, { error: 'Use ORG_OWNER, ORG_ADMIN, ORG_USER_MANAGER or ORG_MEMBER' });
export type OrgRole = z.infer<typeof orgRoleSchema>;

/** Lower-case letters, digits and single hyphens, e.g. `acme-news`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugSchema = z
  .string()
  .trim()
  .min(2, { error: 'Use at least 2 characters' })
  .max(63, { error: 'Use at most 63 characters' })
  .regex(SLUG_PATTERN, { error: 'Use lower-case letters, digits and single hyphens, e.g. acme-news' });

/** The slug a name suggests: `Acme News (EU)` → `acme-news-eu`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int().nonnegative(),
  /** Its ORG_OWNERs: the last one cannot be made anything else or removed (409 `last_org_owner`). */
  ownerCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const organizationListSchema = keysetPageSchema(organizationSchema);
export type OrganizationList = z.infer<typeof organizationListSchema>;

/**
 * `GET /v2/client/organizations`: by name, keyset paged. Owners and administrators see every
 * organization; anyone else sees the organizations they administer (ORG_OWNER or ORG_ADMIN).
 */
export const listOrganizationsQuerySchema = z.strictObject({
  search: searchQuerySchema,
  ...keysetPageQuery,
});
export type ListOrganizationsQuery = z.input<typeof listOrganizationsQuerySchema>;

export const createOrganizationSchema = z.strictObject({
  name: entityNameSchema,
  /** Unique in the tenant; derived from the name when left out. */
  slug: slugSchema.optional(),
  description: descriptionSchema.nullable().optional(),
  /**
   * The organization's first ORG_OWNER. Defaults to the signed-in user; a server-to-server call
   * without it creates an organization with no members yet.
   */
  ownerUserId: z.uuid({ error: 'Use a user id' }).optional(),
});
export type CreateOrganization = z.input<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z
  .strictObject({
    name: entityNameSchema.optional(),
    slug: slugSchema.optional(),
    description: descriptionSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'Send at least one field', path: [] });
export type UpdateOrganization = z.input<typeof updateOrganizationSchema>;

export const organizationIdParamsSchema = z.object({
  organizationId: z.uuid({ error: 'Use an organization id' }),
});
export const organizationMemberParamsSchema = z.object({
  organizationId: z.uuid({ error: 'Use an organization id' }),
  userId: z.uuid({ error: 'Use a user id' }),
});

/** A member as an organization's administrators see them: enough to recognise, nothing more. */
export const organizationMemberSchema = z.object({
  userId: z.uuid(),
  email: z.email(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  status: userStatusSchema,
  /** The tenant access level, shown so an org admin knows who also administers the tenant. */
  role: accessLevelSchema,
  orgRole: orgRoleSchema,
  joinedAt: z.iso.datetime(),
});
export type OrganizationMember = z.infer<typeof organizationMemberSchema>;

export const organizationMemberListSchema = keysetPageSchema(organizationMemberSchema);
export type OrganizationMemberList = z.infer<typeof organizationMemberListSchema>;

export const listOrganizationMembersQuerySchema = z.strictObject({
  search: searchQuerySchema,
  orgRole: orgRoleSchema.optional(),
  ...keysetPageQuery,
});
export type ListOrganizationMembersQuery = z.input<typeof listOrganizationMembersQuerySchema>;

/** Adds an existing user of the tenant (people from outside are invited instead). */
export const addOrganizationMemberSchema = z.strictObject({
  userId: z.uuid({ error: 'Use a user id' }),
  orgRole: orgRoleSchema.default('ORG_MEMBER'),
});
export type AddOrganizationMember = z.input<typeof addOrganizationMemberSchema>;

export const updateOrganizationMemberSchema = z.strictObject({ orgRole: orgRoleSchema });
export type UpdateOrganizationMember = z.infer<typeof updateOrganizationMemberSchema>;

/** A user's organizations, with their org role in each (the navigation uses the signed-in user's). */
export const userOrganizationListSchema = z.object({
  items: z.array(
    z.object({
      organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
      orgRole: orgRoleSchema,
    }),
  ),
});
export type UserOrganizationList = z.infer<typeof userOrganizationListSchema>;

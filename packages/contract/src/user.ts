import { z } from 'zod';

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

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  status: userStatusSchema,
  role: accessLevelSchema,
  permissions: permissionMapSchema,
  effectivePermissions: z.array(z.string()),
  groups: z.array(z.uuid()),
  mfa: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
});
export type User = z.infer<typeof userSchema>;

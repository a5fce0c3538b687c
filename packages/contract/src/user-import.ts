import { z } from 'zod';
import { NO_CONTROL_CHARACTERS } from './fields.ts';
import { type OrgRole, orgRoleSchema } from './organizations.ts';
import { fieldErrorSchema } from './problem.ts';
import {
  accessLevelSchema,
  emailSchema,
  personNameSchema,
  phoneSchema,
  userExportColumns,
  userImportColumns,
} from './user.ts';

/**
 * Importing members from CSV (issue 18, ADR 037): one row per member, keyed by email. A row
 * creates the member when the address has no account in the tenant, and otherwise updates what
 * its non-blank cells say. A blank cell leaves the field alone (on a new member: the default).
 * The columns are the users export's, so an exported file imports back as "unchanged".
 */

/** Rows per import request (dry run or apply); the web app sends a file in chunks of this size. */
export const USER_IMPORT_ROWS_MAX = 100;
/** Members one person may create or update by import in an hour (a row that changes nothing is free). */
export const USER_IMPORT_CHANGES_PER_HOUR_MAX = 5000;
/** Rows one file may hold (the web app refuses a larger file before anything is sent). */
export const USER_IMPORT_FILE_ROWS_MAX = 5000;

/**
 * Columns an export writes that an import reads past: what the system keeps itself (two-step,
 * sign-ins, creation) and the per-permission grant columns (`permission:<key>`), which say where a
 * grant comes from rather than what to set.
 */
export const userImportIgnoredColumns = userExportColumns.filter(
  (column) => !(userImportColumns as readonly string[]).includes(column),
);
export function isIgnoredImportColumn(name: string): boolean {
  return (userImportIgnoredColumns as readonly string[]).includes(name) || name.startsWith('permission:');
}

/**
 * A cell as an export wrote it: a leading apostrophe before `=`, `+`, `-`, `@`, a tab or a CR was
 * added against formula injection, and is taken off again (so `'+44 20…` reads `+44 20…`).
 */
export function cellValue(cell: string): string {
  const trimmed = cell.trim();
  return /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

/** Several names in one cell: `; `-separated, as the export writes them. */
export function cellList(cell: string): string[] {
  return cell
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A blank cell leaves the field alone: undefined; otherwise the cell, checked by `schema`. */
const optionalCell = <S extends z.ZodType<unknown, string>>(schema: S) =>
  z
    .string({ error: 'Use text' })
    .max(1000, { error: 'Use at most 1000 characters' })
    .transform((cell) => cellValue(cell) || undefined)
    .pipe(schema.optional())
    .optional();

const upper = (value: string) => value.toUpperCase();

/** One organization of the `organizations` cell: its name or slug, and the org role in brackets. */
export interface OrganizationRef {
  /** A name or a slug, as written. */
  ref: string;
  /** The org role in brackets; undefined: ORG_MEMBER for a new membership, unchanged for one held. */
  orgRole: OrgRole | undefined;
}

const organizationRefSchema = z
  .string()
  .regex(NO_CONTROL_CHARACTERS, { error: 'Remove the control characters' })
  .transform((part, ctx): OrganizationRef => {
    const match = /^(.*?)\s*\(([^()]*)\)$/.exec(part);
    if (!match) return { ref: part, orgRole: undefined };
    const orgRole = orgRoleSchema.safeParse(
      (match[2] as string)
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_'),
    );
    if (!orgRole.success) {
      ctx.addIssue({
        code: 'custom',
        message: `"${match[2]}" in "${part}" is not an org role: ${orgRole.error.issues[0]?.message}`,
      });
      return z.NEVER;
    }
    return { ref: (match[1] as string).trim(), orgRole: orgRole.data };
  });

/**
 * One row of the file, by column; every cell is text. Columns the export writes for reading only
 * may be sent and are left alone; any other column is an error naming it.
 */
export const userImportRowSchema = z
  .object({
    email: z.string({ error: 'Enter the email address' }).transform(cellValue).pipe(emailSchema),
    firstName: optionalCell(personNameSchema),
    lastName: optionalCell(personNameSchema),
    phone: optionalCell(phoneSchema),
    role: optionalCell(
      z
        .string()
        .transform(upper)
        .pipe(z.enum(accessLevelSchema.options, { error: 'Use OWNER, ADMIN or MEMBER' })),
    ),
    status: optionalCell(z.enum(['active', 'inactive'], { error: 'Use active or inactive' })),
    /** Role names, `; `-separated: the member's roles become exactly these. */
    roles: optionalCell(
      z
        .string()
        .transform(cellList)
        .pipe(z.array(z.string().min(1).max(100)).max(50)),
    ),
    /** `Name (ORG_ROLE)` or `slug (ORG_ROLE)`, `; `-separated: memberships added or their org role changed. */
    organizations: optionalCell(z.string().transform(cellList).pipe(z.array(organizationRefSchema).max(50))),
  })
  .catchall(z.string().max(1000))
  .superRefine((row, ctx) => {
    for (const key of Object.keys(row)) {
      if ((userImportColumns as readonly string[]).includes(key) || isIgnoredImportColumn(key)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" is not a column an import reads: use ${userImportColumns.join(', ')}`,
      });
    }
  });
export type UserImportRow = z.input<typeof userImportRowSchema>;
export type ParsedUserImportRow = z.output<typeof userImportRowSchema>;

/**
 * One row of a request: its cells, and what the dry run saw, so applying never overwrites a change
 * made since the admin confirmed: `new` (no member had this address: one found now is an error),
 * or the member's version (a member changed since is an error, `precondition_failed`).
 */
export const userImportEntrySchema = z.strictObject({
  cells: z.record(z.string(), z.unknown()),
  expected: z.union([z.literal('new'), z.number().int().positive()]).optional(),
});
export type UserImportEntry = z.input<typeof userImportEntrySchema>;

/**
 * `POST /v2/client/multi-user/import`: each row is checked and answered on its own. `dryRun`: the
 * same work, rolled back — what applying would answer, with nothing changed.
 */
export const userImportSchema = z.strictObject({
  dryRun: z.boolean().default(false),
  rows: z
    .array(userImportEntrySchema)
    .min(1, { error: 'Send at least one row' })
    .max(USER_IMPORT_ROWS_MAX, { error: `Send at most ${USER_IMPORT_ROWS_MAX} rows per request` }),
});
export type UserImport = z.input<typeof userImportSchema>;

export const userImportOutcomes = ['create', 'update', 'unchanged', 'error'] as const;
export type UserImportOutcome = (typeof userImportOutcomes)[number];

export const userImportRowResultSchema = z.object({
  /** The row's position in `rows`. */
  index: z.number().int().nonnegative(),
  email: z.string().nullable(),
  outcome: z.enum(userImportOutcomes),
  /** For `update`: the columns that change (or changed), in the file's column order. */
  fields: z.array(z.enum(userImportColumns)),
  /** For `error`: the machine code (`validation_failed`, `forbidden`, `precondition_failed`…). */
  code: z.string().nullable(),
  detail: z.string().nullable(),
  /** For `error`: the cells at fault, each error's path a column name (`roles`, `email`…). */
  errors: z.array(fieldErrorSchema),
  /** The member as the row leaves them; after a dry run, the version it saw (null for a create, and for an error). */
  user: z.object({ id: z.uuid(), version: z.number().int().positive() }).nullable(),
});
export type UserImportRowResult = z.infer<typeof userImportRowResultSchema>;

export const userImportResultSchema = z.object({
  dryRun: z.boolean(),
  items: z.array(userImportRowResultSchema),
  create: z.number().int().nonnegative(),
  update: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
});
export type UserImportResult = z.infer<typeof userImportResultSchema>;

import {
  type AccessLevel,
  accessLevels,
  type CreateInvitation,
  createInvitationSchema,
  DELEGATED_NO_ROLES,
  type OrgRole,
  orgRoles,
  type Role,
} from '@team-access/contract';
import { readCsvTable } from '@/lib/csv.ts';
import { addressKey } from './addresses.ts';
import type { InviteAccess } from './invite-access.ts';

/**
 * A CSV of people to invite: a header row, then one person a row. Columns (any order, any letter
 * case, `organization_role` or "Organization role" as well as `organizationRole`):
 * email (required), role (OWNER, ADMIN or MEMBER), roles (role names separated by `|`),
 * organization (its slug), organizationRole (ORG_OWNER, ORG_ADMIN, ORG_USER_MANAGER or ORG_MEMBER), expiresInDays.
 */

export const CSV_ROWS_MAX = 1000;
export const CSV_BYTES_MAX = 2 * 1024 * 1024;
export const CSV_COLUMNS = ['email', 'role', 'roles', 'organization', 'organizationRole', 'expiresInDays'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** A file people can start from. */
export const CSV_TEMPLATE = `${CSV_COLUMNS.join(',')}\r\nada@example.com,MEMBER,Support|Sales,acme,ORG_MEMBER,7\r\n`;

const HEADER_ALIASES: Record<string, CsvColumn> = {
  email: 'email',
  emailaddress: 'email',
  role: 'role',
  accesslevel: 'role',
  roles: 'roles',
  organization: 'organization',
  organisation: 'organization',
  organizationslug: 'organization',
  organizationrole: 'organizationRole',
  orgrole: 'organizationRole',
  expiresindays: 'expiresInDays',
  expiresin: 'expiresInDays',
};
const headerKey = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

/** One row of the file as written, by column. */
export interface CsvRecord {
  /** Its row in a spreadsheet (the header is row 1). */
  row: number;
  values: Record<CsvColumn, string>;
}

export type CsvReading = { ok: true; records: CsvRecord[]; ignoredColumns: string[] } | { ok: false; problem: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The rows of a file, or why the file cannot be used at all (no email column, too many rows, a broken quote). */
export function readInviteCsv(text: string): CsvReading {
  const table = readCsvTable(text, CSV_COLUMNS);
  if (!table.ok) return table;
  const { header, rows } = table;
  const columns = header.map((name) => HEADER_ALIASES[headerKey(name.trim())]);
  if (!columns.includes('email')) {
    return {
      ok: false,
      problem: `The first row must name the columns, with at least "email". It names: ${header.map((name) => `"${name.trim()}"`).join(', ')}.`,
    };
  }
  const ignoredColumns = header.filter((name, i) => columns[i] === undefined && name.trim()).map((name) => name.trim());
  const out: CsvRecord[] = [];
  rows.forEach((fields, i) => {
    if (fields.every((field) => !field.trim())) return;
    const values = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ''])) as Record<CsvColumn, string>;
    fields.forEach((field, index) => {
      const column = columns[index];
      if (column && !values[column]) values[column] = field.trim();
    });
    out.push({ row: i + 2, values });
  });
  if (out.length === 0) return { ok: false, problem: 'The file has a header row but nobody to invite.' };
  if (out.length > CSV_ROWS_MAX) {
    return {
      ok: false,
      problem: `The file has ${plural(out.length, 'row')} of people; upload at most ${CSV_ROWS_MAX.toLocaleString('en')} at a time. Split it into smaller files and upload each one.`,
    };
  }
  return { ok: true, records: out, ignoredColumns };
}

/** The slugs the rows name (lower-case, each once): the dialog looks them up before checking the rows. */
export function organizationSlugs(records: readonly CsvRecord[]): string[] {
  return [...new Set(records.map((record) => record.values.organization.toLowerCase()).filter(Boolean))];
}

/** A row checked: what will be sent, or why it cannot be. */
export interface CsvInviteRow {
  row: number;
  email: string;
  /** The body to send; undefined when the row has problems. */
  invite: CreateInvitation | undefined;
  problems: string[];
  /** What the row gives, in words, for the preview. */
  shown: { role: string; roles: string; organization: string; organizationRole: string; expiresInDays: string };
}

export interface CsvContext {
  access: InviteAccess;
  /** The tenant's roles (empty for an org admin, who gives none). */
  roles: readonly Pick<Role, 'id' | 'name' | 'permissions'>[];
  /** Organizations by slug; null for a slug that matches none this person may invite into. */
  organizations: ReadonlyMap<string, { id: string; name: string } | null>;
}

const COLUMN_OF_FIELD: Record<string, CsvColumn> = {
  email: 'email',
  role: 'role',
  groups: 'roles',
  organizationId: 'organization',
  organizationRole: 'organizationRole',
  expiresInDays: 'expiresInDays',
};

const accessLevel = (value: string): AccessLevel | string => {
  const upper = value.toUpperCase();
  return (accessLevels as readonly string[]).includes(upper) ? upper : value;
};
const orgRole = (value: string): OrgRole | string => {
  const upper = value.toUpperCase().replace(/[\s-]+/g, '_');
  const prefixed = upper.startsWith('ORG_') ? upper : `ORG_${upper}`;
  return (orgRoles as readonly string[]).includes(prefixed) ? prefixed : value;
};

/**
 * Each row resolved (role names to ids, organization slugs to ids) and checked with the contract's
 * `createInvitationSchema`, then against what the signed-in person may give. A second row for the
 * same address and organization is marked too: the server would skip it.
 */
export function checkInviteRows(records: readonly CsvRecord[], context: CsvContext): CsvInviteRow[] {
  const rolesByName = new Map(context.roles.map((role) => [role.name.toLowerCase(), role]));
  const firstRowOf = new Map<string, number>();
  return records.map(({ row, values }) => {
    const problems: string[] = [];
    const roleNames = values.roles
      .split('|')
      .map((name) => name.trim())
      .filter(Boolean);
    const groups: string[] = [];
    if (roleNames.length > 0 && !context.access.canGiveRolesAndPermissions) {
      problems.push(DELEGATED_NO_ROLES);
    } else {
      for (const name of roleNames) {
        const role = rolesByName.get(name.toLowerCase());
        if (!role) problems.push(`roles: there is no role named "${name}".`);
        else if (!groups.includes(role.id)) groups.push(role.id);
      }
    }
    const slug = values.organization.toLowerCase();
    const organization = slug ? context.organizations.get(slug) : undefined;
    if (slug && !organization)
      problems.push(`organization: there is no organization "${values.organization}" you can invite into.`);

    const candidate: Record<string, unknown> = { email: values.email };
    if (values.role) candidate.role = accessLevel(values.role);
    if (groups.length) candidate.groups = groups;
    if (organization) candidate.organizationId = organization.id;
    if (values.organizationRole) candidate.organizationRole = orgRole(values.organizationRole);
    if (values.expiresInDays) candidate.expiresInDays = Number(values.expiresInDays);
    // A slug that resolved to nothing is already reported: its org role is not "without an organization".
    if (slug && !organization) delete candidate.organizationRole;

    const parsed = createInvitationSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = COLUMN_OF_FIELD[field] ?? field;
        if (column === 'email' && !values.email) problems.push('email: the address is missing.');
        // zod's own words for a value outside a list name the list as code: say it plainly.
        else if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid option')) {
          const choices = issue.values.map(String);
          const value = values[column as CsvColumn] ?? '';
          problems.push(`${column}: "${value}" is not ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}.`);
        } else problems.push(`${column}: ${issue.message}.`);
      }
    }
    let invite: CreateInvitation | undefined;
    if (parsed.success && problems.length === 0) {
      const access = context.access.problems(parsed.data, context.roles);
      if (access.length) problems.push(...access);
      else invite = parsed.data;
    }
    if (values.email) {
      const key = `${addressKey(values.email)} ${organization?.id ?? ''}`;
      const first = firstRowOf.get(key);
      if (first !== undefined) {
        problems.push(`The same address${organization ? ' and organization' : ''} as row ${first}.`);
        invite = undefined;
      } else firstRowOf.set(key, row);
    }
    return {
      row,
      email: values.email,
      invite: problems.length === 0 ? invite : undefined,
      problems: problems.map((problem) => problem.replace(/\.\.$/, '.')),
      shown: {
        role: values.role ? String(accessLevel(values.role)) : 'MEMBER',
        roles: roleNames.join(', '),
        organization: organization ? organization.name : values.organization,
        organizationRole: values.organizationRole ? String(orgRole(values.organizationRole)) : '',
        expiresInDays: values.expiresInDays,
      },
    };
  });
}

import {
  isIgnoredImportColumn,
  USER_IMPORT_FILE_ROWS_MAX,
  type UserImportColumn,
  userImportColumns,
} from '@team-access/contract';
import { readCsvTable, toCsv } from '@/lib/csv.ts';

/**
 * A CSV of members to import: a header row naming the columns (the users export's, so an export
 * imports back), then one member a row. The export's read-only columns (two-step, sign-ins, added,
 * `permission:*`) are left out here; a column nobody knows refuses the file, so a typo in a
 * header never passes unnoticed. Each row is checked by the IAM API's dry run, not here.
 */

export const IMPORT_FILE_BYTES_MAX = 10 * 1024 * 1024;

/** A file to start from: the columns an import reads, in the export's order, and one example member. */
export const IMPORT_TEMPLATE = toCsv([
  [...userImportColumns],
  ['ada@example.com', 'Ada', 'Lovelace', '+44 20 7946 0000', 'MEMBER', 'active', 'Support; Sales', 'Acme (ORG_MEMBER)'],
]);

/** One row of the file as written, by column. */
export interface ImportRecord {
  /** Its row in a spreadsheet (the header is row 1). */
  row: number;
  email: string;
  cells: Partial<Record<UserImportColumn, string>>;
}

export type ImportReading =
  | { ok: true; records: ImportRecord[]; readOnlyColumns: string[] }
  | { ok: false; problem: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The column a header names (any letter case), the export's read-only ones kept as written. */
function columnOf(name: string): UserImportColumn | 'read-only' | undefined {
  const known = userImportColumns.find((column) => column.toLowerCase() === name.toLowerCase());
  if (known) return known;
  return isIgnoredImportColumn(name) ? 'read-only' : undefined;
}

/** The rows of a file, or why the file cannot be used at all. */
export function readImportCsv(text: string): ImportReading {
  const table = readCsvTable(text, userImportColumns);
  if (!table.ok) return table;
  const { header, rows } = table;
  const names = header.map((name) => name.trim());
  const columns = names.map(columnOf);
  if (!columns.includes('email')) {
    return {
      ok: false,
      problem: `The first row must name the columns, with at least "email". It names: ${names.map((n) => `"${n}"`).join(', ')}.`,
    };
  }
  const unknown = names.filter((name, i) => name && columns[i] === undefined);
  if (unknown.length) {
    return {
      ok: false,
      problem: `The file has ${unknown.length === 1 ? 'a column' : 'columns'} an import does not read: ${unknown.map((n) => `"${n}"`).join(', ')}. Use ${userImportColumns.join(', ')} (the columns of an export), or remove ${unknown.length === 1 ? 'it' : 'them'}.`,
    };
  }
  const repeated = userImportColumns.filter((column) => columns.filter((c) => c === column).length > 1);
  if (repeated.length) return { ok: false, problem: `The column "${repeated[0]}" is named twice in the first row.` };
  const readOnlyColumns = names.filter((_, i) => columns[i] === 'read-only');
  const out: ImportRecord[] = [];
  rows.forEach((fields, i) => {
    if (fields.every((field) => !field.trim())) return;
    const cells: Partial<Record<UserImportColumn, string>> = {};
    fields.forEach((field, index) => {
      const column = columns[index];
      if (column && column !== 'read-only') cells[column] = field;
    });
    out.push({ row: i + 2, email: (cells.email ?? '').trim(), cells });
  });
  if (out.length === 0) return { ok: false, problem: 'The file has a header row but no members.' };
  if (out.length > USER_IMPORT_FILE_ROWS_MAX) {
    return {
      ok: false,
      problem: `The file has ${plural(out.length, 'row')} of members; import at most ${USER_IMPORT_FILE_ROWS_MAX.toLocaleString('en')} at a time. Split it into smaller files and import each one.`,
    };
  }
  return { ok: true, records: out, readOnlyColumns };
}

/** "twoStep, lastLoginAt, createdAt and 24 permission columns". */
export function readOnlySentence(columns: readonly string[]): string {
  const permissions = columns.filter((c) => c.startsWith('permission:')).length;
  const named = columns.filter((c) => !c.startsWith('permission:'));
  const parts = [...named, ...(permissions ? [plural(permissions, 'permission column')] : [])];
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}

/**
 * CSV as RFC 4180 writes it: fields separated by commas (or semicolons or tabs, as spreadsheets
 * in some locales save them), records by CRLF or LF, fields in double quotes may hold separators,
 * line breaks and doubled quotes (`""`). Small and strict where it matters: an unterminated quote
 * is an error (nothing after it could be read right); text after a closing quote is kept as it is.
 */

export class CsvError extends Error {
  override readonly name = 'CsvError';
  /** The line (from 1) where the problem starts. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * The separator of a file, from its first line (the header): a comma unless the header has none
 * outside quotes and has semicolons or tabs instead.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as CsvDelimiter] += 1;
  }
  if (counts[','] > 0) return ',';
  if (counts[';'] > 0) return ';';
  if (counts['\t'] > 0) return '\t';
  return ',';
}

/**
 * Every record of the text, each an array of its fields. Blank lines are records with one empty
 * field (so record n is row n of a spreadsheet); a line break at the very end makes no record.
 * A byte-order mark at the start is dropped.
 */
export function parseCsv(input: string, delimiter: CsvDelimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))) {
  const text = input.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line += 1;
      field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      i += 1;
      continue;
    }
    if (char === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      line += 1;
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += char;
    i += 1;
  }
  if (quoted)
    throw new CsvError(
      `A quoted field that starts on line ${quoteLine} never ends: a closing " is missing.`,
      quoteLine,
    );
  // The last record, unless the text ended with a line break (or was empty).
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'` (OWASP CSV injection). */
function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Records as CSV text (CRLF between records, fields quoted where they must be). */
export function toCsv(records: readonly (readonly string[])[]): string {
  return records
    .map((fields) =>
      fields
        .map((raw) => {
          const value = neutralize(raw);
          return /[",\r\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
        })
        .join(','),
    )
    .join('\r\n')
    .concat('\r\n');
}

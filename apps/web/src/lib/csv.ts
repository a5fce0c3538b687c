import Papa from 'papaparse';

/**
 * CSV read with papaparse (RFC 4180): fields separated by commas (or semicolons or tabs, as
 * spreadsheets in some locales save them), records by CRLF, LF or CR, fields in double quotes may
 * hold separators, line breaks and doubled quotes (`""`). A malformed or unterminated quote is an
 * error naming its line: nothing after it could be read right.
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
const DELIMITERS: CsvDelimiter[] = [',', ';', '\t'];

/** One line break for the whole text: a file saved on several systems may mix them. */
const normalizeLineBreaks = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/**
 * The separator of a file, as papaparse guesses it from its first rows (the one that splits them
 * into the same number of fields); a comma when nothing splits them (a one-column file).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const guess = Papa.parse<string[]>(normalizeLineBreaks(text), {
    preview: 10,
    skipEmptyLines: 'greedy',
    delimitersToGuess: DELIMITERS,
    newline: '\n',
  });
  return DELIMITERS.find((d) => d === guess.meta.delimiter) ?? ',';
}

/**
 * Every record of the text, each an array of its fields. Blank lines are records with one empty
 * field (so record n is row n of a spreadsheet); a line break at the very end makes no record.
 * A byte-order mark at the start is dropped.
 */
export function parseCsv(input: string, delimiter: CsvDelimiter = detectDelimiter(input)): string[][] {
  const text = normalizeLineBreaks(input);
  if (text === '') return [];
  const { data, errors } = Papa.parse<string[]>(text, { delimiter, newline: '\n', skipEmptyLines: false });
  const quote = errors.find((e) => e.type === 'Quotes');
  if (quote) {
    const line = quote.index === undefined ? (quote.row ?? 0) + 1 : text.slice(0, quote.index).split('\n').length;
    throw new CsvError(
      quote.code === 'MissingQuotes'
        ? `A quoted field that starts on line ${line} never ends: a closing " is missing.`
        : `A quote on line ${line} is in the middle of a field: put the whole field in quotes and double the quotes inside it.`,
      line,
    );
  }
  // papaparse reads the line break at the very end as one more, empty record.
  if (text.endsWith('\n')) data.pop();
  return data;
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

/** A file read as a table: its header row and the rows under it, or why it is not one. */
export type CsvTable = { ok: true; header: string[]; rows: string[][] } | { ok: false; problem: string };

/** The header and rows of a CSV whose first row names `columns` (named in the problem when it is empty). */
export function readCsvTable(text: string, columns: readonly string[]): CsvTable {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, problem: `The file is not valid CSV. ${error.message}` };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header || header.every((name) => !name.trim())) {
    return { ok: false, problem: `The file is empty. Its first row names the columns: ${columns.join(', ')}.` };
  }
  return { ok: true, header, rows };
}

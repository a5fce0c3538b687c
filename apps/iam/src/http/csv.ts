/**
 * CSV for spreadsheets (RFC 4180): every cell quoted with its quotes doubled, records ended by CRLF.
 * A cell a spreadsheet would read as a formula (CSV injection: it starts with `=`, `+`, `-`, `@`, a
 * tab or a carriage return) gets a leading apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The byte-order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = '\uFEFF';

/** One CSV cell: quoted, quotes doubled, and a would-be formula neutralised with a leading apostrophe. */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One record: its cells, comma-separated, ended by CRLF. */
export function csvRecord(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A CSV file as a service answers it: its first lines, then its records a batch at a time. */
export interface CsvFile {
  header: string;
  records: AsyncIterable<string>;
}

/** The route answer that streams a CSV file as a download named `fileName`. */
export function csvAttachment(fileName: string, file: CsvFile) {
  return {
    status: 200,
    headers: {
      'Cache-Control': 'no-store',
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'X-Content-Type-Options': 'nosniff',
    },
    stream: async (write: (chunk: string) => Promise<void>) => {
      await write(file.header);
      for await (const records of file.records) await write(records);
    },
  };
}

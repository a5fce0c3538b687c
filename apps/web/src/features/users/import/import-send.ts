import {
  type ProblemCode,
  problemTitles,
  USER_IMPORT_ROWS_MAX,
  type UserImportColumn,
  type UserImportEntry,
  type UserImportResult,
  type UserImportRowResult,
} from '@team-access/contract';
import { sendInChunks } from '@/lib/chunked-send.ts';
import { toCsv } from '@/lib/csv.ts';
import type { ImportRecord } from './import-file.ts';

/** Rows per request: small enough for the progress bar to move and Cancel to answer soon. */
export const IMPORT_CHUNK_SIZE = Math.min(50, USER_IMPORT_ROWS_MAX);

export type ImportOutcome = UserImportRowResult['outcome'] | 'not_sent';

/** What the dry run (or the import) says of one row of the file. */
export interface ImportRowOutcome {
  row: number;
  email: string;
  outcome: ImportOutcome;
  /** For `update`: the columns that change. */
  fields: UserImportColumn[];
  /** For `error` and `not_sent`: why, naming the column. */
  reason: string;
  /** What the dry run saw, sent back when applying so a change made since is refused. */
  expected: UserImportEntry['expected'];
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** An error row's reason: each cell at fault by column ("roles: There is no role named …"). */
export function rowReason(item: UserImportRowResult): string {
  const cells = item.errors.map((error) => (error.path ? `${error.path}: ${error.message}` : error.message));
  const lead =
    item.detail ?? (item.code && item.code in problemTitles ? problemTitles[item.code as ProblemCode] : item.code);
  const parts = item.code === 'validation_failed' ? cells : [lead, ...cells.filter((c) => !c.endsWith(`: ${lead}`))];
  return (
    parts
      .filter(Boolean)
      .map((part) => sentence(String(part)))
      .join(' ') || 'Not imported.'
  );
}

const entryOf = (record: ImportRecord, expected?: UserImportEntry['expected']): UserImportEntry => ({
  cells: record.cells,
  ...(expected === undefined ? {} : { expected }),
});

export interface ImportRunOptions {
  records: readonly ImportRecord[];
  /** One request: the rows of a chunk, a dry run or not, with its Idempotency-Key. */
  send: (body: { dryRun: boolean; rows: UserImportEntry[] }, idempotencyKey: string) => Promise<UserImportResult>;
  onProgress?: (done: number, total: number) => void;
  cancelled?: () => boolean;
}

/** The rows of a chunk's answer, in the chunk's order. */
function answered(records: readonly ImportRecord[], result: UserImportResult): ImportRowOutcome[] {
  const byIndex = new Map(result.items.map((item) => [item.index, item]));
  return records.map((record, index) => {
    const item = byIndex.get(index);
    if (!item) {
      return {
        ...record,
        outcome: 'error',
        fields: [],
        reason: 'The server did not answer for this row.',
        expected: undefined,
      };
    }
    return {
      row: record.row,
      email: item.email ?? record.email,
      outcome: item.outcome,
      fields: item.fields,
      reason: item.outcome === 'error' ? rowReason(item) : '',
      expected: item.outcome === 'create' ? 'new' : item.user?.version,
    };
  });
}

const unanswered = (record: ImportRecord, kind: 'failed' | 'not_sent', reason: string): ImportRowOutcome => ({
  row: record.row,
  email: record.email,
  outcome: kind === 'failed' ? 'error' : 'not_sent',
  fields: [],
  reason: sentence(reason),
  expected: undefined,
});

/** The dry run of every row, in chunks: what importing would do, with nothing changed. */
export function previewImport({ records, send, ...rest }: ImportRunOptions) {
  return sendInChunks({
    ...rest,
    rows: records,
    chunkSize: IMPORT_CHUNK_SIZE,
    send: (chunk, key) => send({ dryRun: true, rows: chunk.map((record) => entryOf(record)) }, key),
    answered,
    unanswered,
  });
}

/** The rows the preview found to create or update, applied in chunks, each with what the preview saw. */
export function applyImport({
  records,
  preview,
  send,
  ...rest
}: ImportRunOptions & { preview: readonly ImportRowOutcome[] }) {
  const seen = new Map(preview.map((outcome) => [outcome.row, outcome]));
  const rows = records.filter((record) => {
    const outcome = seen.get(record.row)?.outcome;
    return outcome === 'create' || outcome === 'update';
  });
  return sendInChunks({
    ...rest,
    rows,
    chunkSize: IMPORT_CHUNK_SIZE,
    send: (chunk, key) =>
      send({ dryRun: false, rows: chunk.map((record) => entryOf(record, seen.get(record.row)?.expected)) }, key),
    answered,
    unanswered,
  });
}

export interface ImportCounts {
  create: number;
  update: number;
  unchanged: number;
  error: number;
  notSent: number;
}

export function countOutcomes(outcomes: readonly Pick<ImportRowOutcome, 'outcome'>[]): ImportCounts {
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, error: 0, notSent: 0 };
  for (const { outcome } of outcomes) {
    if (outcome === 'not_sent') counts.notSent += 1;
    else counts[outcome] += 1;
  }
  return counts;
}

/** Labels of a row's outcome: the preview's future tense, the report's past. */
export const previewLabels: Record<ImportOutcome, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  error: 'Error',
  not_sent: 'Not checked',
};
export const reportLabels: Record<ImportOutcome, string> = {
  create: 'Created',
  update: 'Updated',
  unchanged: 'Unchanged',
  error: 'Error',
  not_sent: 'Not imported',
};

/** Every row of the file with what became of it, as a CSV (row, email, outcome, changed columns, reason). */
export function outcomeCsv(outcomes: readonly ImportRowOutcome[]): string {
  return toCsv([
    ['row', 'email', 'outcome', 'changed', 'reason'],
    ...[...outcomes]
      .sort((a, b) => a.row - b.row)
      .map((o) => [String(o.row), o.email, reportLabels[o.outcome], o.fields.join('; '), o.reason]),
  ]);
}

/** "members.csv" → "members-import-report.csv". */
export function outcomeFileName(fileName: string): string {
  return `${fileName.replace(/\.csv$/i, '') || 'members'}-import-report.csv`;
}

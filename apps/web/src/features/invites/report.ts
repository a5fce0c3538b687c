import { toCsv } from '@/lib/csv.ts';
import type { RowOutcome } from './bulk-send.ts';
import { outcomeLabels } from './bulk-send.ts';

/** The rows of a CSV upload that were not sent (failed, skipped, not sent), by row, as a CSV people can fix and upload again. */
export function reportCsv(outcomes: readonly RowOutcome[]): string {
  const rows = outcomes
    .filter((outcome) => outcome.outcome !== 'sent')
    .sort((a, b) => a.row - b.row)
    .map((outcome) => [String(outcome.row), outcome.email, outcomeLabels[outcome.outcome], outcome.reason]);
  return toCsv([['row', 'email', 'outcome', 'reason'], ...rows]);
}

/** "people.csv" → "people-report.csv". */
export function reportFileName(fileName: string): string {
  return `${fileName.replace(/\.csv$/i, '') || 'invitations'}-report.csv`;
}

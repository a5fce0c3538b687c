import {
  type BulkInvitationResult,
  type BulkInvitationRowResult,
  type CreateInvitation,
  type ProblemCode,
  problemTitles,
} from '@team-access/contract';
import { sendInChunks as sendChunks } from '@/lib/chunked-send.ts';

/** Rows per request when a CSV is sent: small enough for the progress bar to move and Cancel to answer soon. */
export const CSV_CHUNK_SIZE = 25;

export type SendOutcome = 'sent' | 'skipped' | 'failed' | 'not_sent';

/** What became of one row (of a CSV, or one address of the invite dialog). */
export interface RowOutcome {
  row: number;
  email: string;
  outcome: SendOutcome;
  /** Why it was skipped, failed or not sent; empty when sent. */
  reason: string;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The reason of a skipped or failed row, in the server's words where it gave some. */
export function rowReason(item: Pick<BulkInvitationRowResult, 'outcome' | 'code' | 'detail' | 'errors'>): string {
  // A skipped row's field error only repeats its detail in short ("Already invited").
  if (item.outcome === 'skipped' && item.detail) return item.detail;
  const lead =
    item.detail ?? (item.code && item.code in problemTitles ? problemTitles[item.code as ProblemCode] : item.code);
  const parts = [lead, ...item.errors.map((error) => error.message)].filter(
    (part, i, all): part is string => Boolean(part) && all.indexOf(part) === i,
  );
  return parts.map(sentence).join(' ') || 'Not sent.';
}

export interface SendInChunksOptions {
  rows: readonly { row: number; email: string; invite: CreateInvitation }[];
  /** One request; the key makes a retry of the same chunk send nothing twice. */
  send: (invites: CreateInvitation[], idempotencyKey: string) => Promise<BulkInvitationResult>;
  /** After each chunk: rows answered so far, of all. */
  onProgress?: (done: number, total: number) => void;
  /** Asked after each chunk: Cancel stops before the next one. */
  cancelled?: () => boolean;
  chunkSize?: number;
  newKey?: () => string;
}

/** The invitations of a CSV (or of the invite dialog) sent in chunks (see `@/lib/chunked-send.ts`). */
export function sendInChunks({
  rows,
  send,
  chunkSize = CSV_CHUNK_SIZE,
  ...rest
}: SendInChunksOptions): Promise<{ outcomes: RowOutcome[]; cancelled: boolean }> {
  return sendChunks({
    ...rest,
    rows,
    chunkSize,
    send: (chunk, key) =>
      send(
        chunk.map((row) => row.invite),
        key,
      ),
    answered: (chunk, result): RowOutcome[] => {
      const byIndex = new Map(result.items.map((item) => [item.index, item]));
      return chunk.map(({ row, email }, index) => {
        const item = byIndex.get(index);
        if (!item) return { row, email, outcome: 'failed', reason: 'The server did not answer for this row' };
        return { row, email, outcome: item.outcome, reason: item.outcome === 'sent' ? '' : rowReason(item) };
      });
    },
    unanswered: ({ row, email }, outcome, reason) => ({ row, email, outcome, reason }),
  });
}

export interface SendSummary {
  sent: number;
  skipped: number;
  failed: number;
  notSent: number;
}

export function summarize(outcomes: readonly Pick<RowOutcome, 'outcome'>[]): SendSummary {
  const summary: SendSummary = { sent: 0, skipped: 0, failed: 0, notSent: 0 };
  for (const { outcome } of outcomes) {
    if (outcome === 'sent') summary.sent += 1;
    else if (outcome === 'skipped') summary.skipped += 1;
    else if (outcome === 'failed') summary.failed += 1;
    else summary.notSent += 1;
  }
  return summary;
}

export const outcomeLabels: Record<SendOutcome, string> = {
  sent: 'Sent',
  skipped: 'Skipped',
  failed: 'Failed',
  not_sent: 'Not sent',
};

import {
  type BulkInvitationResult,
  type BulkInvitationRowResult,
  type CreateInvitation,
  type ProblemCode,
  problemTitles,
} from '@team-access/contract';
import { errorMessage, isApiError } from '@/lib/api-client.ts';

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

/** A refusal of the whole request means the rest would be refused too: stop (signed out, forbidden, rate limited, offline). */
const STOPS_SENDING = new Set([0, 401, 403, 429]);

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

/**
 * Sends the rows in chunks, one request after another, each with its own Idempotency-Key. A
 * request that gets no answer (the network) is retried once with the same key, so it cannot send
 * twice. A chunk refused as a whole marks its rows failed; a refusal that would repeat (401, 403,
 * 429, no connection) also stops, and the rows not sent say why.
 */
export async function sendInChunks({
  rows,
  send,
  onProgress,
  cancelled = () => false,
  chunkSize = CSV_CHUNK_SIZE,
  newKey = () => crypto.randomUUID(),
}: SendInChunksOptions): Promise<{ outcomes: RowOutcome[]; cancelled: boolean }> {
  const outcomes: RowOutcome[] = [];
  let stopReason: string | undefined;
  let stoppedByCancel = false;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    if (stopReason === undefined && cancelled()) {
      stopReason = 'Not sent: the sending was cancelled';
      stoppedByCancel = true;
    }
    if (stopReason !== undefined) {
      outcomes.push(
        ...chunk.map(({ row, email }) => ({ row, email, outcome: 'not_sent' as const, reason: stopReason ?? '' })),
      );
      continue;
    }
    const key = newKey();
    const invites = chunk.map((row) => row.invite);
    let result: BulkInvitationResult | undefined;
    try {
      result = await send(invites, key).catch((error: unknown) => {
        if (isApiError(error) && error.status === 0) return send(invites, key);
        throw error;
      });
    } catch (error) {
      const reason = errorMessage(error);
      outcomes.push(...chunk.map(({ row, email }) => ({ row, email, outcome: 'failed' as const, reason })));
      if (!isApiError(error) || STOPS_SENDING.has(error.status)) stopReason = `Not sent: ${reason}`;
    }
    if (result) {
      const byIndex = new Map(result.items.map((item) => [item.index, item]));
      chunk.forEach(({ row, email }, index) => {
        const item = byIndex.get(index);
        if (!item) outcomes.push({ row, email, outcome: 'failed', reason: 'The server did not answer for this row' });
        else
          outcomes.push({ row, email, outcome: item.outcome, reason: item.outcome === 'sent' ? '' : rowReason(item) });
      });
    }
    onProgress?.(Math.min(start + chunk.length, rows.length), rows.length);
  }
  return { outcomes, cancelled: stoppedByCancel };
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

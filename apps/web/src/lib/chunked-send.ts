import { errorMessage, isApiError } from './api-client.ts';

/**
 * Rows sent to the server in chunks, one request after another (a CSV of invitations, of members
 * to import). Each chunk carries its own Idempotency-Key; a request that gets no answer (the
 * network) is retried once with the same key, so it cannot apply twice. A chunk refused as a
 * whole marks its rows failed; a refusal that would repeat (signed out, forbidden, rate limited,
 * no connection) also stops, and the rows never sent say why. Cancel stops before the next chunk.
 */

/** A refusal of the whole request means the rest would be refused too: stop (signed out, forbidden, rate limited, offline). */
const STOPS_SENDING = new Set([0, 401, 403, 429]);

export interface ChunkedSendOptions<Row, Answer, Outcome> {
  rows: readonly Row[];
  chunkSize: number;
  /** One request for a chunk of rows. */
  send: (chunk: Row[], idempotencyKey: string) => Promise<Answer>;
  /** The outcome of each row of an answered chunk, in the chunk's order. */
  answered: (chunk: Row[], answer: Answer) => Outcome[];
  /** The outcome of a row of a chunk refused as a whole (`failed`), or of one never sent (`not_sent`). */
  unanswered: (row: Row, kind: 'failed' | 'not_sent', reason: string) => Outcome;
  /** After each chunk: rows answered so far, of all. */
  onProgress?: (done: number, total: number) => void;
  /** Asked before each chunk: true stops before it. */
  cancelled?: () => boolean;
  newKey?: () => string;
}

export async function sendInChunks<Row, Answer, Outcome>({
  rows,
  chunkSize,
  send,
  answered,
  unanswered,
  onProgress,
  cancelled = () => false,
  newKey = () => crypto.randomUUID(),
}: ChunkedSendOptions<Row, Answer, Outcome>): Promise<{ outcomes: Outcome[]; cancelled: boolean }> {
  const outcomes: Outcome[] = [];
  let stopReason: string | undefined;
  let stoppedByCancel = false;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    if (stopReason === undefined && cancelled()) {
      stopReason = 'Not sent: the sending was cancelled';
      stoppedByCancel = true;
    }
    if (stopReason !== undefined) {
      const reason = stopReason;
      outcomes.push(...chunk.map((row) => unanswered(row, 'not_sent', reason)));
      continue;
    }
    const key = newKey();
    try {
      const answer = await send(chunk, key).catch((error: unknown) => {
        if (isApiError(error) && error.status === 0) return send(chunk, key);
        throw error;
      });
      outcomes.push(...answered(chunk, answer));
    } catch (error) {
      const reason = errorMessage(error);
      outcomes.push(...chunk.map((row) => unanswered(row, 'failed', reason)));
      if (!isApiError(error) || STOPS_SENDING.has(error.status)) stopReason = `Not sent: ${reason}`;
    }
    onProgress?.(Math.min(start + chunk.length, rows.length), rows.length);
  }
  return { outcomes, cancelled: stoppedByCancel };
}

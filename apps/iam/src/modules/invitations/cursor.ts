import { AppError } from '../../errors.ts';
import type { Keyset } from './repository.ts';

/**
 * Opaque keyset cursors for the invitations list (newest first): the last row's creation time as
 * PostgreSQL prints it (microseconds kept) and its id, tagged so another list's cursor is refused.
 */

interface CursorData {
  k: 'invitations';
  v: string;
  i: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How PostgreSQL prints a timestamptz with the ISO DateStyle. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export function encodeCursor(last: { sort_value: string; id: string }): string {
  return Buffer.from(
    JSON.stringify({ k: 'invitations', v: last.sort_value, i: last.id } satisfies CursorData),
  ).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  const bad = () =>
    new AppError(400, 'validation_failed', 'Some fields are not valid.', [
      { path: 'query.cursor', message: 'Use the nextCursor of a previous page', code: 'invalid_cursor' },
    ]);
  let data: Partial<CursorData>;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (
    data?.k !== 'invitations' ||
    typeof data.v !== 'string' ||
    !PG_TIMESTAMPTZ.test(data.v) ||
    typeof data.i !== 'string' ||
    !UUID.test(data.i)
  ) {
    throw bad();
  }
  return { value: data.v, id: data.i };
}

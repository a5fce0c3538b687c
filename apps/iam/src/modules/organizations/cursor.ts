import { AppError } from '../../errors.ts';
import type { Keyset } from './repository.ts';

/**
 * Opaque keyset cursors: the last row's sort value and id, tagged with the list they belong to
 * so a members cursor sent to the organizations list is refused rather than misread.
 */

type CursorKind = 'organizations' | 'members';

interface CursorData {
  k: CursorKind;
  v: string;
  i: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(kind: CursorKind, last: { sort_value: string; id: string }): string {
  return Buffer.from(JSON.stringify({ k: kind, v: last.sort_value, i: last.id } satisfies CursorData)).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string, kind: CursorKind): Keyset {
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
    data?.k !== kind ||
    typeof data.v !== 'string' ||
    data.v.length > 400 ||
    typeof data.i !== 'string' ||
    !UUID.test(data.i)
  ) {
    throw bad();
  }
  return { value: data.v, id: data.i };
}

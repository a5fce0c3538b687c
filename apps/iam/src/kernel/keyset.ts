import { AppError } from '../errors.ts';

/**
 * Opaque keyset cursors for every list: base64url of `{"k":<list>,"v":<last sort value>,"i":<last id>}`.
 *
 * A cursor is accepted only when it is exactly what `encodeCursor` would write for a value the
 * database could have printed: the list tag matches, the id is a UUID, the value has the shape
 * and range of its column type (a real calendar date, not `2024-02-31`), and re-encoding the
 * decoded fields gives back the same string (so no lenient base64, extra fields or other key
 * order). Anything else is a 400 naming `query.cursor`, never a database error.
 */

export type CursorValueType = 'text' | 'timestamptz' | 'timestamptz-or-infinity';

export interface Keyset {
  value: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How PostgreSQL prints a timestamptz with the ISO DateStyle (years 1–9999). */
const PG_TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const TEXT_MAX = 400;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function cursorError(message = 'Use the nextCursor of a previous page'): AppError {
  return new AppError(400, 'validation_failed', 'Some fields are not valid.', [
    { path: 'query.cursor', message, code: 'invalid_cursor' },
  ]);
}

export function encodeCursor(list: string, last: { sort_value: string; id: string }): string {
  return Buffer.from(JSON.stringify({ k: list, v: last.sort_value, i: last.id })).toString('base64url');
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `value` is a timestamptz PostgreSQL could have printed (a real date and time, an offset it allows). */
export function isTimestamptz(value: string): boolean {
  const m = PG_TIMESTAMPTZ.exec(value);
  if (!m) return false;
  const [
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    ,
    offsetHours = 0,
    offsetMinutes = 0,
    offsetSeconds = 0,
  ] = m.slice(1).map((part) => Number(part ?? 0));
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59 &&
    offsetSeconds <= 59
  );
}

function valueFits(value: string, type: CursorValueType): boolean {
  switch (type) {
    case 'text':
      // NUL cannot be stored in a PostgreSQL text, so no printed value holds one.
      return value.length <= TEXT_MAX && !value.includes('\u0000') && !LONE_SURROGATE.test(value);
    case 'timestamptz':
      return isTimestamptz(value);
    case 'timestamptz-or-infinity':
      return value === '-infinity' || isTimestamptz(value);
  }
}

/**
 * The keyset in `cursor`, or a 400 naming `query.cursor`. `otherList` lets a list say something
 * more helpful when the cursor is well-formed but was made for another sort order.
 */
export function decodeCursor(
  cursor: string,
  list: string,
  type: CursorValueType,
  otherList?: { matches: (tag: string) => boolean; message: string },
): Keyset {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw cursorError();
  const { k, v, i } = data as Record<string, unknown>;
  if (typeof k !== 'string' || typeof v !== 'string' || typeof i !== 'string' || !UUID.test(i)) {
    throw cursorError();
  }
  if (encodeCursor(k, { sort_value: v, id: i }) !== cursor) throw cursorError();
  if (k !== list) {
    if (otherList?.matches(k)) throw cursorError(otherList.message);
    throw cursorError();
  }
  if (!valueFits(v, type)) throw cursorError();
  return { value: v, id: i };
}

/** Where the page asked for starts: after the cursor's keyset, or at the start without one. */
export function keysetAfter(cursor: string | undefined, list: string, type: CursorValueType): Keyset | undefined {
  return cursor ? decodeCursor(cursor, list, type) : undefined;
}

/**
 * One page of a keyset list. The repository fetched `limit + 1` rows: the extra one only says
 * that a next page exists, and the cursor is the last shown row's keyset.
 */
export function keysetPage<Row, Item>(
  rows: Row[],
  limit: number,
  list: string,
  toItem: (row: Row) => Item,
  keysetOf: (row: Row) => { sort_value: string; id: string },
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(list, keysetOf(last)) : null,
  };
}

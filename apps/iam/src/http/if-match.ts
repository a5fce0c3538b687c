import { etagOf } from '@team-access/contract';
import { AppError } from '../errors.ts';

/**
 * A stale If-Match is a 412 naming the header (`*` or no header passes). Call it after the row is
 * locked, so the version compared is the one the write will replace.
 */
export function checkVersion(row: { version: number }, ifMatch: string | undefined, what: string): void {
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(row.version)) {
    throw new AppError(
      412,
      'precondition_failed',
      `The ${what} changed since you loaded it (now version ${row.version}). Reload and try again.`,
      [{ path: 'header.if-match', message: `The current version is ${row.version}`, code: 'stale_version' }],
    );
  }
}

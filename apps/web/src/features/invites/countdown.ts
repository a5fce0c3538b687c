/**
 * Times as a sentence relative to now ("Expires in 6 days", "Expired 2 hours ago"), in whole
 * units rounded down: what is left is never overstated. A screen re-renders them as its clock ticks.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const count = (n: number, unit: string) => `${n.toLocaleString('en')} ${unit}${n === 1 ? '' : 's'}`;

/** "6 days", "3 hours", "12 minutes"; undefined under a minute. */
export function duration(ms: number): string | undefined {
  const span = Math.abs(ms);
  if (span < MINUTE) return undefined;
  if (span < HOUR) return count(Math.floor(span / MINUTE), 'minute');
  if (span < DAY) return count(Math.floor(span / HOUR), 'hour');
  return count(Math.floor(span / DAY), 'day');
}

/** Whether the moment has passed. */
export const isPast = (at: string | Date, now: number) => new Date(at).getTime() <= now;

/** "Expires in 6 days", "Expires in less than a minute", "Expired just now", "Expired 2 hours ago". */
export function expiryText(expiresAt: string | Date, now: number): string {
  const left = new Date(expiresAt).getTime() - now;
  const span = duration(left);
  if (left > 0) return span ? `Expires in ${span}` : 'Expires in less than a minute';
  return span ? `Expired ${span} ago` : 'Expired just now';
}

/** "2 hours ago", "just now". */
export function timeAgo(at: string | Date, now: number): string {
  const span = duration(now - new Date(at).getTime());
  return span ? `${span} ago` : 'just now';
}

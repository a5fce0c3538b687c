const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** How long until a link expires, as words: "in 45 minutes", "in 5 hours", "in 7 days"; "now" once passed. */
export function timeUntil(expiresAt: Date, now: Date): string {
  const ms = expiresAt.getTime() - now.getTime();
  if (ms <= 0) return 'now';
  const minutes = Math.max(1, Math.round(ms / MINUTE));
  if (minutes < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(ms / HOUR);
  if (hours < 48) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

/** When a link expires, for a sentence: the full date and time, or only the time when it is today. */
export function expiryMoment(expiresAt: Date, now: Date): string {
  return expiresAt.toDateString() === now.toDateString() ? time.format(expiresAt) : dateTime.format(expiresAt);
}

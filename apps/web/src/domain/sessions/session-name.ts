import type { UserSession } from '@team-access/contract';

/** How a person recognises a session: "Chrome 131 on macOS". */
export function sessionName(session: Pick<UserSession, 'browser' | 'system'>): string {
  const browser = session.browser ?? 'An unknown browser';
  return session.system ? `${browser} on ${session.system}` : browser;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** When it was last used, as a person says it; last seen is kept to the minute. */
export function lastActive(lastSeenAt: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(lastSeenAt)) / 60_000);
  if (minutes < 2) return 'Active now';
  if (minutes < 60) return `Active ${relative.format(-minutes, 'minute')}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `Active ${relative.format(-hours, 'hour')}`;
  return `Active ${relative.format(-Math.round(hours / 24), 'day')}`;
}

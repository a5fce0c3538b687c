import { lazy, type ReactNode, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { dismissNotification, getNotifications, subscribeNotifications } from '@/lib/notifications.ts';

const NotificationToast = lazy(() => import('./notification-toast.tsx'));

/**
 * How long a toast stays at least once another is waiting: long enough to be read, short enough
 * that the answer to what the admin did next (a column header's "Nothing to change") is not held
 * back behind an earlier toast's full ten seconds.
 */
export const GIVE_WAY_AFTER_MS = 1500;

/**
 * Shows the toasts from `notify()` (lib/notifications) one at a time, in the order they came. A
 * toast with another waiting behind it gives way after `GIVE_WAY_AFTER_MS` (MUI's "consecutive
 * snackbars" pattern), rather than after its own time.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const notifications = useSyncExternalStore(subscribeNotifications, getNotifications);
  // Which toast is closing: a toast that replaces it (same group) opens afresh.
  const [closingId, setClosingId] = useState<number | undefined>();
  const [shown, setShown] = useState<{ id: number; at: number }>();
  const current = notifications[0];
  const waiting = notifications.length > 1;

  useEffect(() => {
    if (current && shown?.id !== current.id) setShown({ id: current.id, at: Date.now() });
  }, [current, shown]);

  useEffect(() => {
    if (!current || !waiting || closingId === current.id || shown?.id !== current.id) return;
    const id = current.id;
    const timer = setTimeout(() => setClosingId(id), Math.max(0, shown.at + GIVE_WAY_AFTER_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [current, waiting, closingId, shown]);

  return (
    <>
      {children}
      {current && (
        <Suspense fallback={null}>
          <NotificationToast
            key={current.id}
            notification={current}
            open={closingId !== current.id}
            onClose={() => setClosingId(current.id)}
            onExited={() => dismissNotification(current.id)}
          />
        </Suspense>
      )}
    </>
  );
}

import { lazy, type ReactNode, Suspense, useState, useSyncExternalStore } from 'react';
import { dismissNotification, getNotifications, subscribeNotifications } from '@/lib/notifications.ts';

const NotificationToast = lazy(() => import('./notification-toast.tsx'));

/** Shows the toasts from `notify()` (lib/notifications) one at a time, in the order they came. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const notifications = useSyncExternalStore(subscribeNotifications, getNotifications);
  // Which toast is closing: a toast that replaces it (same group) opens afresh.
  const [closingId, setClosingId] = useState<number | undefined>();
  const current = notifications[0];

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

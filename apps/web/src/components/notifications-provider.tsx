import { lazy, type ReactNode, Suspense, useState, useSyncExternalStore } from 'react';
import { dismissNotification, getNotifications, subscribeNotifications } from '@/lib/notifications.ts';

const NotificationToast = lazy(() => import('./notification-toast.tsx'));

/** Shows the toasts from `notify()` (lib/notifications) one at a time, in the order they came. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const notifications = useSyncExternalStore(subscribeNotifications, getNotifications);
  const [closing, setClosing] = useState(false);
  const current = notifications[0];

  return (
    <>
      {children}
      {current && (
        <Suspense fallback={null}>
          <NotificationToast
            key={current.id}
            notification={current}
            open={!closing}
            onClose={() => setClosing(true)}
            onExited={() => {
              dismissNotification(current.id);
              setClosing(false);
            }}
          />
        </Suspense>
      )}
    </>
  );
}

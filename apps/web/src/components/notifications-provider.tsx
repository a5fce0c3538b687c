import Alert from '@mui/material/Alert';
import Snackbar, { type SnackbarCloseReason } from '@mui/material/Snackbar';
import { type ReactNode, useState, useSyncExternalStore } from 'react';
import { dismissNotification, getNotifications, subscribeNotifications } from '@/lib/notifications.ts';

const AUTO_HIDE_MS = { success: 5000, info: 5000, warning: 8000, error: 8000 } as const;

/** Shows the toasts from `notify()` (lib/notifications) one at a time, as an MUI Snackbar + Alert. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const notifications = useSyncExternalStore(subscribeNotifications, getNotifications);
  const [closing, setClosing] = useState(false);
  const current = notifications[0];

  const close = (_event: unknown, reason?: SnackbarCloseReason) => {
    // A click elsewhere on the page is not a request to close the message.
    if (reason === 'clickaway') return;
    setClosing(true);
  };

  return (
    <>
      {children}
      {current && (
        <Snackbar
          key={current.id}
          open={!closing}
          onClose={close}
          autoHideDuration={AUTO_HIDE_MS[current.severity]}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
          slotProps={{
            transition: {
              onExited: () => {
                dismissNotification(current.id);
                setClosing(false);
              },
            },
          }}
        >
          <Alert
            variant="filled"
            severity={current.severity}
            onClose={close}
            role={current.severity === 'error' ? 'alert' : 'status'}
            sx={{ width: '100%', boxShadow: 6 }}
          >
            {current.message}
          </Alert>
        </Snackbar>
      )}
    </>
  );
}

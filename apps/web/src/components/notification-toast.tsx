import Alert from '@mui/material/Alert';
import Snackbar, { type SnackbarCloseReason } from '@mui/material/Snackbar';
import type { Notification } from '@/lib/notifications.ts';

const AUTO_HIDE_MS = { success: 5000, info: 5000, warning: 8000, error: 8000 } as const;

interface NotificationToastProps {
  notification: Notification;
  open: boolean;
  onClose: () => void;
  onExited: () => void;
}

/** One toast: an MUI Snackbar + Alert (loaded with the first toast: no page needs it to start). */
export default function NotificationToast({ notification, open, onClose, onExited }: NotificationToastProps) {
  const close = (_event: unknown, reason?: SnackbarCloseReason) => {
    // A click elsewhere on the page is not a request to close the message.
    if (reason === 'clickaway') return;
    onClose();
  };
  return (
    <Snackbar
      open={open}
      onClose={close}
      autoHideDuration={AUTO_HIDE_MS[notification.severity]}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      slotProps={{ transition: { onExited } }}
    >
      <Alert
        variant="filled"
        severity={notification.severity}
        onClose={close}
        role={notification.severity === 'error' ? 'alert' : 'status'}
        sx={{ width: '100%', boxShadow: 6 }}
      >
        {notification.message}
      </Alert>
    </Snackbar>
  );
}

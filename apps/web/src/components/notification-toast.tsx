import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Snackbar, { type SnackbarCloseReason } from '@mui/material/Snackbar';
import type { Notification } from '@/lib/notifications.ts';

const AUTO_HIDE_MS = { success: 5000, info: 5000, warning: 8000, error: 8000 } as const;
/** A toast with a button ("Undo") stays longer: there must be time to reach it. */
const AUTO_HIDE_WITH_ACTION_MS = 10_000;

interface NotificationToastProps {
  notification: Notification;
  open: boolean;
  onClose: () => void;
  onExited: () => void;
}

/** One toast: an MUI Snackbar + Alert (loaded with the first toast: no page needs it to start). */
export default function NotificationToast({ notification, open, onClose, onExited }: NotificationToastProps) {
  const { action } = notification;
  const close = (_event: unknown, reason?: SnackbarCloseReason) => {
    // A click elsewhere on the page is not a request to close the message.
    if (reason === 'clickaway') return;
    onClose();
  };
  return (
    <Snackbar
      open={open}
      onClose={close}
      autoHideDuration={action ? AUTO_HIDE_WITH_ACTION_MS : AUTO_HIDE_MS[notification.severity]}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      slotProps={{ transition: { onExited } }}
    >
      <Alert
        variant="filled"
        severity={notification.severity}
        onClose={close}
        role={notification.severity === 'error' ? 'alert' : 'status'}
        sx={{ width: '100%', boxShadow: 6, alignItems: 'center' }}
        action={
          // With an action, Alert leaves out its close button: keep one beside the action.
          action ? (
            <>
              <Button
                color="inherit"
                size="small"
                variant="outlined"
                onClick={() => {
                  action.onClick();
                  onClose();
                }}
              >
                {action.label}
              </Button>
              <IconButton color="inherit" size="small" aria-label="Close" onClick={onClose} sx={{ ml: 0.5 }}>
                <CloseIcon fontSize="small" />
              </IconButton>
            </>
          ) : undefined
        }
      >
        {notification.message}
      </Alert>
    </Snackbar>
  );
}

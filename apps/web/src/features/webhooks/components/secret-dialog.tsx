import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useId } from 'react';
import { notify } from '@/lib/notifications.ts';

/** The signing secret, shown once (after adding a webhook or rotating its secret). */
export function SecretDialog({ url, secret, onClose }: { url: string; secret: string; onClose: () => void }) {
  const titleId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      notify('The secret was copied', 'success');
    } catch {
      notify('The secret could not be copied: select it and copy it by hand', 'warning');
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>Signing secret of {url}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          Copy it now: it is not shown again. Rotate it to get a new one.
        </Alert>
        <DialogContentText sx={{ mb: 1 }}>
          Verify each delivery's webhook-signature with it (Standard Webhooks), over the raw body.
        </DialogContentText>
        <Box
          component="output"
          aria-label="Signing secret"
          sx={{
            display: 'block',
            fontFamily: 'monospace',
            p: 1.5,
            borderRadius: 1,
            bgcolor: 'action.hover',
            overflowWrap: 'anywhere',
            userSelect: 'all',
          }}
        >
          {secret}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={copy}>Copy</Button>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}

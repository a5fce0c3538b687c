import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import type { User } from '@team-access/contract';
import { useId } from 'react';
import { usePhone } from '@/components/use-phone.ts';
import { SessionList } from '@/domain/sessions/components/session-list.tsx';

/** "Your sessions" from the account menu: where you are signed in, and Sign out other sessions. */
export function YourSessionsDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const titleId = useId();
  const fullScreen = usePhone();
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth fullScreen={fullScreen}>
      <DialogTitle id={titleId} component="h2">
        Your sessions
      </DialogTitle>
      <DialogContent>
        <SessionList user={user} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

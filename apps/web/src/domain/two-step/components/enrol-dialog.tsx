import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { usePhone } from '@/components/use-phone.ts';
import { RecoveryCodes } from './recovery-codes.tsx';

interface EnrolDialogProps {
  titleId: string;
  title: string;
  doneTitle: string;
  /** What the dialog says when the factor is on and the codes stay as they were. */
  doneText: string;
  email: string;
  /** undefined: not done yet; null: done, codes unchanged; a list: the first set, shown once. */
  codes: string[] | null | undefined;
  submitting: boolean;
  submitLabel: string;
  submitDisabled?: boolean;
  onClose: () => void;
  /** The form (its id is `${titleId}-form`). */
  children: ReactNode;
}

/** The frame of turning a factor on: the form, then the recovery codes of a first factor, once. */
export function EnrolDialog({
  titleId,
  title,
  doneTitle,
  doneText,
  email,
  codes,
  submitting,
  submitLabel,
  submitDisabled = false,
  onClose,
  children,
}: EnrolDialogProps) {
  const fullScreen = usePhone();
  const done = codes !== undefined;
  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId} component="h2">
        {done ? doneTitle : title}
      </DialogTitle>
      <DialogContent>
        {done ? codes ? <RecoveryCodes codes={codes} email={email} /> : <Typography>{doneText}</Typography> : children}
      </DialogContent>
      <DialogActions>
        {done ? (
          <Button variant="contained" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={submitting}>
              Cancel
            </Button>
            <Button
              type="submit"
              form={`${titleId}-form`}
              variant="contained"
              loading={submitting}
              disabled={submitDisabled}
            >
              {submitLabel}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

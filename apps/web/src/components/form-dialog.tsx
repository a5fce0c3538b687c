import Button from '@mui/material/Button';
import Dialog, { type DialogProps } from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { SxProps, Theme } from '@mui/material/styles';
import { type FormEventHandler, type ReactNode, useId } from 'react';
import { usePhone } from '@/components/use-phone.ts';
import { ServerErrorAlert } from './server-error-alert.tsx';

interface FormDialogProps {
  title: ReactNode;
  onClose: () => void;
  onSubmit: FormEventHandler<HTMLFormElement>;
  /** While the form is sent, the dialog stays open and Cancel is disabled. */
  submitting: boolean;
  submitLabel: ReactNode;
  submitDisabled?: boolean;
  /** The form's alert (`errors.root.server.message`). */
  error: string | undefined;
  /** A sentence above the alert and the fields. */
  description?: ReactNode;
  maxWidth?: DialogProps['maxWidth'];
  /**
   * `paper` (the default): the fields scroll between a fixed title and fixed buttons, so a long
   * form's Save stays in sight; `body`: the whole dialog scrolls with the page.
   */
  scroll?: DialogProps['scroll'];
  dividers?: boolean;
  spacing?: number;
  contentSx?: SxProps<Theme>;
  children: ReactNode;
}

/**
 * The shell of every form in a dialog: title (naming the dialog), the form's alert, the fields,
 * Cancel and the submit button (busy while sending).
 */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  submitting,
  submitLabel,
  submitDisabled,
  error,
  description,
  maxWidth = 'sm',
  scroll = 'paper',
  dividers = true,
  spacing = 2.5,
  contentSx,
  children,
}: FormDialogProps) {
  const titleId = useId();
  // On a phone the form takes the whole screen: no margin of page around it to scroll past.
  const phone = usePhone();
  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      maxWidth={maxWidth}
      fullWidth
      fullScreen={phone}
      scroll={scroll}
    >
      <form noValidate onSubmit={onSubmit} style={scroll === 'paper' ? { display: 'contents' } : undefined}>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent dividers={dividers}>
          <Stack spacing={spacing} sx={contentSx}>
            {description && <DialogContentText>{description}</DialogContentText>}
            <ServerErrorAlert message={error} />
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={submitting} disabled={submitDisabled}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

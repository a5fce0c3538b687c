import Alert from '@mui/material/Alert';

/** A form's alert for what went wrong as a whole (react-hook-form's `errors.root.server`). */
export function ServerErrorAlert({ message }: { message: string | undefined }) {
  return message ? (
    <Alert severity="error" role="alert">
      {message}
    </Alert>
  ) : null;
}

import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/api-client.ts';

interface LoadErrorProps {
  /** What could not be loaded, as a sentence: "The members could not be loaded." */
  children: ReactNode;
  /** The failure, whose message follows the sentence; leave out to show the sentence alone. */
  error?: unknown;
  onRetry: () => void;
  retrying?: boolean;
}

/** A read that failed: what, why (the server's words), and Try again. */
export function LoadError({ children, error, onRetry, retrying = false }: LoadErrorProps) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={onRetry} loading={retrying}>
          Try again
        </Button>
      }
    >
      {children}
      {error === undefined ? null : ` ${errorMessage(error)}`}
    </Alert>
  );
}

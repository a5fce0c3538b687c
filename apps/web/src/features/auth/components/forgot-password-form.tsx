import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { type RequestPasswordReset, requestPasswordResetSchema } from '@team-access/contract';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { useRequestPasswordReset } from '../api/mutations.ts';
import { serverFieldErrors } from '../form-errors.ts';

interface ForgotPasswordFormProps {
  defaultEmail?: string;
  /** The request was taken: the same for every address, whether it has an account or not. */
  onRequested: (email: string) => void;
}

/** Asks for a reset link by email. */
export function ForgotPasswordForm({ defaultEmail = '', onRequested }: ForgotPasswordFormProps) {
  const request = useRequestPasswordReset();
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof requestPasswordResetSchema>, unknown, RequestPasswordReset>({
    resolver: zodResolver(requestPasswordResetSchema),
    defaultValues: { email: defaultEmail },
  });

  const onSubmit = handleSubmit(async ({ email }) => {
    try {
      await request.mutateAsync(email);
    } catch (error) {
      const { placed, unplaced } = serverFieldErrors(error, ['email'] as const);
      for (const { field, message } of placed) setError(field, { type: 'server', message }, { shouldFocus: true });
      if (placed.length > 0 && unplaced.length === 0) return;
      // Too many requests says so in the server's words (when to try again); so does a service failure.
      const message =
        unplaced.join(' ') ||
        (isApiError(error) && error.code === 'rate_limited'
          ? (error.detail ?? 'Too many requests. Wait a few minutes, then try again.')
          : errorMessage(error));
      setError('root.server', { type: 'server', message });
      return;
    }
    onRequested(email);
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
      {errors.root?.server?.message && (
        <Alert severity="error" role="alert">
          {errors.root.server.message}
        </Alert>
      )}
      <TextFieldControl
        control={control}
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        fullWidth
        autoFocus
        inputProps={{ autoCapitalize: 'none', spellCheck: false }}
      />
      <Button type="submit" variant="contained" size="large" fullWidth loading={isSubmitting}>
        Send reset link
      </Button>
    </Stack>
  );
}

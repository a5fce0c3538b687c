import { zodResolver } from '@hookform/resolvers/zod';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { type RequestPasswordReset, requestPasswordResetSchema } from '@team-access/contract';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { showServerErrors, unplacedAlert } from '@/lib/form-errors.ts';
import { useRequestPasswordReset } from '../api/public-links.ts';

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
      // Too many requests says so in the server's words (when to try again); so does a service failure.
      showServerErrors(error, setError, {
        fields: ['email'],
        alert: unplacedAlert((failure) =>
          isApiError(failure) && failure.code === 'rate_limited'
            ? (failure.detail ?? 'Too many requests. Wait a few minutes, then try again.')
            : errorMessage(failure),
        ),
      });
      return;
    }
    onRequested(email);
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
      <ServerErrorAlert message={errors.root?.server?.message} />
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

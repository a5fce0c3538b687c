import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { errorMessage } from '@/lib/api-client.ts';
import { useCompletePasswordReset } from '../api/mutations.ts';
import { serverFieldErrors } from '../form-errors.ts';
import { type LinkProblemCode, linkProblemOf } from '../link-problems.ts';
import { resetPasswordFormSchema } from '../password-policy.ts';
import { NewPasswordFields } from './new-password-fields.tsx';

type ResetPasswordSchema = ReturnType<typeof resetPasswordFormSchema>;

interface ResetPasswordFormProps {
  token: string;
  email: string;
  onReset: () => void;
  /** The link stopped working while the form was open (used from another tab, expired). */
  onLinkProblem: (code: LinkProblemCode) => void;
}

/** A new password for the account the reset link belongs to. */
export function ResetPasswordForm({ token, email, onReset, onLinkProblem }: ResetPasswordFormProps) {
  const complete = useCompletePasswordReset();
  const schema = useMemo(() => resetPasswordFormSchema(email), [email]);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<ResetPasswordSchema>, unknown, z.output<ResetPasswordSchema>>({
    resolver: zodResolver(schema),
    defaultValues: { password: '', confirmPassword: '' },
  });

  const onSubmit = handleSubmit(async ({ password }) => {
    try {
      await complete.mutateAsync({ token, password });
    } catch (error) {
      const problem = linkProblemOf(error);
      if (problem) return onLinkProblem(problem);
      const { placed, unplaced } = serverFieldErrors(error, ['password'] as const);
      for (const { field, message } of placed) setError(field, { type: 'server', message }, { shouldFocus: true });
      if (placed.length === 0 || unplaced.length > 0) {
        setError('root.server', { type: 'server', message: unplaced.join(' ') || errorMessage(error) });
      }
      return;
    }
    onReset();
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
      {errors.root?.server?.message && (
        <Alert severity="error" role="alert">
          {errors.root.server.message}
        </Alert>
      )}
      <NewPasswordFields control={control} email={email} autoFocus />
      <Button type="submit" variant="contained" size="large" fullWidth loading={isSubmitting}>
        Set new password
      </Button>
    </Stack>
  );
}

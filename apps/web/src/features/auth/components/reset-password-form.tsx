import { zodResolver } from '@hookform/resolvers/zod';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { showServerErrors, unplacedAlert } from '@/lib/form-errors.ts';
import { useCompletePasswordReset } from '../api/public-links.ts';
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
      showServerErrors(error, setError, { fields: ['password'], alert: unplacedAlert() });
      return;
    }
    onReset();
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
      <ServerErrorAlert message={errors.root?.server?.message} />
      <NewPasswordFields control={control} email={email} autoFocus />
      <Button type="submit" variant="contained" size="large" fullWidth loading={isSubmitting}>
        Set new password
      </Button>
    </Stack>
  );
}

import { zodResolver } from '@hookform/resolvers/zod';
import { PASSWORD_IS_EMAIL_MESSAGE, passwordIsEmail, passwordSchema, type User } from '@team-access/contract';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormDialog } from '@/components/form-dialog.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import { failureAlert, showServerErrors } from '@/lib/form-errors.ts';
import { useSetPassword } from '../api/mutations.ts';
import { generatePassword } from '../password.ts';
import { NewPasswordField } from './new-password-field.tsx';

interface SetPasswordDialogProps {
  user: User;
  onClose: () => void;
}

/** An administrator sets someone's password; that person is signed out everywhere. */
export function SetPasswordDialog({ user, onClose }: SetPasswordDialogProps) {
  const setPassword = useSetPassword();
  const schema = z.object({ password: passwordSchema }).superRefine((form, ctx) => {
    if (passwordIsEmail(form.password, user.email)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL_MESSAGE });
    }
  });
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(schema), defaultValues: { password: '' } });

  const onSubmit = handleSubmit(async ({ password }) => {
    try {
      await setPassword.mutateAsync({ user, password });
      onClose();
    } catch (error) {
      showServerErrors(error, setError, { fields: ['password'], alert: failureAlert });
    }
  });

  return (
    <FormDialog
      title={`Set a password for ${displayName(user)}`}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel="Set password"
      error={errors.root?.server?.message}
      description={`${user.email} will be signed out of every session and must use the new password. Tell them the password through a channel you trust.`}
      dividers={false}
      spacing={2}
    >
      <NewPasswordField
        control={control}
        name="password"
        label="New password"
        autoFocus
        onGenerate={() => setValue('password', generatePassword(), { shouldValidate: true })}
      />
    </FormDialog>
  );
}

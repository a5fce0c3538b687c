import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { PASSWORD_IS_EMAIL_MESSAGE, passwordIsEmail, passwordSchema, type User } from '@team-access/contract';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { displayName } from '@/domain/users/display-name.ts';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
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
  const titleId = useId();
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
      const field = isApiError(error) ? error.errors.find((e) => e.path === 'body.password') : undefined;
      if (field) setError('password', { type: 'server', message: field.message }, { shouldFocus: true });
      else setError('root.server', { type: 'server', message: errorMessage(error) });
    }
  });

  return (
    <Dialog open onClose={isSubmitting ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form noValidate onSubmit={onSubmit}>
        <DialogTitle id={titleId}>Set a password for {displayName(user)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>
              {user.email} will be signed out of every session and must use the new password. Tell them the password
              through a channel you trust.
            </DialogContentText>
            {errors.root?.server?.message && (
              <Alert severity="error" role="alert">
                {errors.root.server.message}
              </Alert>
            )}
            <NewPasswordField
              control={control}
              name="password"
              label="New password"
              autoFocus
              onGenerate={() => setValue('password', generatePassword(), { shouldValidate: true })}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isSubmitting}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={isSubmitting}>
            Set password
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

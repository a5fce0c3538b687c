import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useMutation } from '@tanstack/react-query';
import {
  type ChangeOwnPassword,
  changeOwnPasswordSchema,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
  routes,
} from '@team-access/contract';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { callRoute, errorMessage, isApiError } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';

/** The signed-in person changes their own password, given the current one; their other sessions end. */
export function ChangePasswordDialog({ email, onClose }: { email: string; onClose: () => void }) {
  const titleId = useId();
  const change = useMutation({
    mutationFn: (body: ChangeOwnPassword) => callRoute(routes.changeOwnPassword, { body }),
    meta: { silent: true },
  });
  const schema = changeOwnPasswordSchema.superRefine((form, ctx) => {
    if (passwordIsEmail(form.newPassword, email)) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: PASSWORD_IS_EMAIL_MESSAGE });
    }
  });
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ChangeOwnPassword>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '' },
  });

  const onSubmit = handleSubmit(async (body) => {
    try {
      await change.mutateAsync(body);
      notify('Your password was changed. Your other sessions were signed out.', 'success');
      onClose();
    } catch (error) {
      const placed = isApiError(error)
        ? error.errors.filter((e) => e.path === 'body.currentPassword' || e.path === 'body.newPassword')
        : [];
      for (const e of placed) {
        const field = e.path === 'body.currentPassword' ? 'currentPassword' : 'newPassword';
        setError(field, { type: 'server', message: e.message }, { shouldFocus: true });
      }
      if (placed.length === 0) setError('root.server', { type: 'server', message: errorMessage(error) });
    }
  });

  return (
    <Dialog open onClose={isSubmitting ? undefined : onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form noValidate onSubmit={onSubmit}>
        <DialogTitle id={titleId}>Change your password</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <DialogContentText>
              Use 8 to 128 characters, not your email address. Your other sessions will be signed out; this one stays.
            </DialogContentText>
            {errors.root?.server?.message && (
              <Alert severity="error" role="alert">
                {errors.root.server.message}
              </Alert>
            )}
            {/* The username field lets password managers file the new password under the right account. */}
            <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
            <TextFieldControl
              control={control}
              name="currentPassword"
              label="Current password"
              type="password"
              required
              fullWidth
              autoFocus
              autoComplete="current-password"
            />
            <TextFieldControl
              control={control}
              name="newPassword"
              label="New password"
              type="password"
              required
              fullWidth
              autoComplete="new-password"
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isSubmitting}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={isSubmitting}>
            Change password
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

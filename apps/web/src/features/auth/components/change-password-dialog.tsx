import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import {
  type ChangeOwnPassword,
  changeOwnPasswordSchema,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
} from '@team-access/contract';
import { authRoutes } from '@team-access/contract/routes/auth';
import { useForm } from 'react-hook-form';
import { FormDialog } from '@/components/form-dialog.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { callRoute } from '@/lib/api-client.ts';
import { failureAlert, showServerErrors } from '@/lib/form-errors.ts';
import { notify } from '@/lib/notifications.ts';

/** The signed-in person changes their own password, given the current one; their other sessions end. */
export function ChangePasswordDialog({ email, onClose }: { email: string; onClose: () => void }) {
  const change = useMutation({
    mutationFn: (body: ChangeOwnPassword) => callRoute(authRoutes.changeOwnPassword, { body }),
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
      showServerErrors(error, setError, { fields: ['currentPassword', 'newPassword'], alert: failureAlert });
    }
  });

  return (
    <FormDialog
      title="Change your password"
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel="Change password"
      error={errors.root?.server?.message}
      description="Use 8 to 128 characters, not your email address. Your other sessions will be signed out; this one stays."
      maxWidth="xs"
      dividers={false}
      contentSx={{ pt: 1 }}
    >
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
    </FormDialog>
  );
}

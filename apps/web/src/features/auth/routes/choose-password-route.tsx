import { zodResolver } from '@hookform/resolvers/zod';
import LockResetOutlined from '@mui/icons-material/LockResetOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authRoutes } from '@team-access/contract/routes/auth';
import { useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useNavigate } from 'react-router';
import { z } from 'zod';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { callRoute } from '@/lib/api-client.ts';
import { showServerErrors, unplacedAlert } from '@/lib/form-errors.ts';
import { notify } from '@/lib/notifications.ts';
import { HOME_PATH, SIGN_IN_PATH } from '@/lib/redirect.ts';
import { sessionQueries } from '@/lib/session.ts';
import { useSignOut } from '../api/mutations.ts';
import { NewPasswordFields } from '../components/new-password-fields.tsx';
import { PublicPage } from '../components/public-page.tsx';
import { checkNewPassword, newPasswordFieldsSchema } from '../password-policy.ts';

const TITLE = 'Choose a new password';

function choosePasswordSchema(email: string) {
  return newPasswordFieldsSchema
    .extend({ currentPassword: z.string().min(1, { error: 'Enter your current password' }) })
    .superRefine((form, ctx) => {
      checkNewPassword(form, email, ctx);
      if (form.password !== '' && form.password === form.currentPassword) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: 'Choose a password other than the current one' });
      }
    });
}
type ChoosePasswordSchema = ReturnType<typeof choosePasswordSchema>;

/**
 * /choose-password: where a member lands after signing in when an administrator requires a new
 * password (the seeds' `reset_pw`). Nothing else opens until it is done; then the usual start page.
 */
export function ChoosePasswordRoute() {
  const session = useQuery(sessionQueries.current());
  if (session.isPending) return <FullPageProgress />;
  if (!session.data) return <Navigate to={SIGN_IN_PATH} replace />;
  if (!session.data.user.resetPw) return <Navigate to={HOME_PATH} replace />;
  return <ChoosePassword email={session.data.user.email} />;
}

function ChoosePassword({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      callRoute(authRoutes.changeOwnPassword, { body }),
    meta: { silent: true },
  });
  const schema = useMemo(() => choosePasswordSchema(email), [email]);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<ChoosePasswordSchema>, unknown, z.output<ChoosePasswordSchema>>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', password: '', confirmPassword: '' },
  });

  const onSubmit = handleSubmit(async ({ currentPassword, password }) => {
    try {
      await change.mutateAsync({ currentPassword, newPassword: password });
    } catch (error) {
      showServerErrors(error, setError, {
        fields: ['currentPassword', 'password'],
        fieldOf: (path) => (path === 'body.newPassword' ? 'password' : path.replace(/^body\./, '')),
        alert: unplacedAlert(),
      });
      return;
    }
    // The session now reads without the requirement: the app opens.
    await queryClient.refetchQueries({ queryKey: sessionQueries.all() });
    notify('Your new password is set', 'success');
    await navigate(HOME_PATH, { replace: true });
  });

  return (
    <PublicPage
      title={TITLE}
      icon={<LockResetOutlined />}
      heading={TITLE}
      lead={
        <>
          Your administrator asks you to choose a new password for{' '}
          <Box component="strong" sx={{ color: 'text.primary', overflowWrap: 'anywhere' }}>
            {email}
          </Box>{' '}
          before you continue.
        </>
      }
    >
      <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
        <ServerErrorAlert message={errors.root?.server?.message} />
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
        <NewPasswordFields control={control} email={email} />
        <Button type="submit" variant="contained" size="large" fullWidth loading={isSubmitting}>
          Set new password
        </Button>
        <Button variant="text" fullWidth onClick={() => signOut.mutate()} loading={signOut.isPending}>
          Sign out instead
        </Button>
      </Stack>
    </PublicPage>
  );
}

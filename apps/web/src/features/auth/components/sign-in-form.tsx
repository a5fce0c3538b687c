import { zodResolver } from '@hookform/resolvers/zod';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import { type BrowserSession, signInSchema, type TwoStepFactorType } from '@team-access/contract';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { showServerErrors, unplacedAlert } from '@/lib/form-errors.ts';
import { usePasskeySignIn, useSignIn } from '../api/mutations.ts';
import { signInMethodsQuery } from '../api/queries.ts';
import { TwoStepForm } from './two-step-form.tsx';

type SignInInput = z.input<typeof signInSchema>;
type SignInOutput = z.output<typeof signInSchema>;

/** What to tell the person when signing in failed for a reason that is not one field. */
export function signInErrorMessage(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Try again.';
  switch (error.code) {
    case 'invalid_credentials':
      return 'The email or password is wrong.';
    case 'passkey_sign_in_off':
      return 'This account no longer allows signing in with a passkey alone. Use your email and password.';
    case 'invalid_code':
      return 'The code is wrong or has expired. If it keeps failing, start over and sign in again.';
    case 'network_error':
      return 'Could not reach Team Access. Check your connection and try again.';
    case 'rate_limited':
      return 'Too many sign-in attempts. Wait a minute, then try again.';
    case 'overloaded':
      return 'Many people are signing in right now. Try again in a moment.';
    case 'upstream_unavailable':
    case 'upstream_timeout':
      return 'Signing in is not possible right now because the IAM service is unavailable. Try again in a moment.';
  }
  if (error.status >= 500) {
    const reference = error.requestId ? ` (reference ${error.requestId})` : '';
    return `Something went wrong on our side${reference}. Try again in a moment.`;
  }
  return error.detail ?? error.title;
}

interface SignInFormProps {
  onSignedIn: (session: BrowserSession) => void;
  /** Prefills the email (coming back from a mailed link), and then the password field has the focus. */
  defaultEmail?: string;
}

export function SignInForm({ onSignedIn, defaultEmail = '' }: SignInFormProps) {
  const signIn = useSignIn();
  const passkeySignIn = usePasskeySignIn();
  const methods = useQuery(signInMethodsQuery());
  const [showPassword, setShowPassword] = useState(false);
  // The factor types the second step can use, once the password was right.
  const [twoStep, setTwoStep] = useState<TwoStepFactorType[] | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    clearErrors,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput, unknown, SignInOutput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: defaultEmail, password: '' },
  });

  const onSubmit = handleSubmit(async (credentials) => {
    let answer: Awaited<ReturnType<typeof signIn.mutateAsync>>;
    try {
      answer = await signIn.mutateAsync(credentials);
    } catch (error) {
      // Server-side field errors (problem+json `errors[]`, path `body.email`) go under their field.
      showServerErrors(error, setError, { fields: ['email', 'password'], alert: unplacedAlert(signInErrorMessage) });
      return;
    }
    if ('user' in answer) onSignedIn(answer);
    else setTwoStep(answer.methods);
  });

  /** A passkey alone (where the account allows it): the browser lists the passkeys it holds for this site. */
  const signInWithPasskey = async () => {
    clearErrors();
    try {
      onSignedIn(await passkeySignIn.mutateAsync());
    } catch (error) {
      if (isApiError(error)) {
        const message =
          error.code === 'invalid_credentials'
            ? 'That passkey was not accepted here. Sign in with your email and password.'
            : signInErrorMessage(error);
        setError('root.server', { message });
      } else {
        // The person closed the browser's passkey window, or the device has none for this site.
        setError('root.server', {
          message: 'No passkey was used. Try again, or sign in with your email and password.',
        });
      }
    }
  };

  if (twoStep) return <TwoStepForm methods={twoStep} onSignedIn={onSignedIn} onStartOver={() => setTwoStep(null)} />;

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
      <ServerErrorAlert message={errors.root?.server?.message} />
      <TextFieldControl
        control={control}
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        fullWidth
        inputProps={{ 'aria-required': true, autoCapitalize: 'none', spellCheck: false }}
      />
      <TextFieldControl
        control={control}
        name="password"
        label="Password"
        type={showPassword ? 'text' : 'password'}
        autoComplete="current-password"
        autoFocus={defaultEmail !== ''}
        fullWidth
        inputProps={{ 'aria-required': true }}
        endAdornment={
          <InputAdornment position="end">
            <IconButton
              aria-label="Show password"
              aria-pressed={showPassword}
              edge="end"
              onClick={() => setShowPassword((shown) => !shown)}
            >
              {showPassword ? <VisibilityOff /> : <Visibility />}
            </IconButton>
          </InputAdornment>
        }
      />
      <Button type="submit" variant="contained" size="large" fullWidth loading={isSubmitting}>
        Sign in
      </Button>
      {methods.data?.passkey && (
        <>
          <Divider>or</Divider>
          <Button
            variant="outlined"
            size="large"
            fullWidth
            startIcon={<KeyOutlined />}
            loading={passkeySignIn.isPending}
            onClick={() => void signInWithPasskey()}
          >
            Sign in with a passkey
          </Button>
        </>
      )}
    </Stack>
  );
}

import KeyOutlined from '@mui/icons-material/KeyOutlined';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { BrowserSession, TwoStepCode, TwoStepFactorType } from '@team-access/contract';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { showServerErrors, unplacedAlert } from '@/lib/form-errors.ts';
import { sessionApi } from '@/lib/session.ts';
import { useCompleteTwoStep } from '../api/mutations.ts';
import { signInErrorMessage } from './sign-in-form.tsx';

interface TwoStepFormProps {
  /** What the person set up: `passkey` offers "Use a passkey"; without `totp` a recovery code is asked. */
  methods: readonly TwoStepFactorType[];
  onSignedIn: (session: BrowserSession) => void;
  onStartOver: () => void;
}

/**
 * The second step of a sign-in: a passkey, a code from the authenticator app, or one of the recovery codes.
 * The pending sign-in lives in the BFF (5 minutes); the browser holds only its cookie.
 */
export function TwoStepForm({ methods, onSignedIn, onStartOver }: TwoStepFormProps) {
  const complete = useCompleteTwoStep();
  const hasApp = methods.includes('totp');
  const hasPasskey = methods.includes('passkey');
  const [recovery, setRecovery] = useState(!hasApp);
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const {
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<{ code: string }>({ defaultValues: { code: '' } });

  const onSubmit = handleSubmit(async ({ code }) => {
    const value = code.trim();
    if (value === '') {
      setError('code', { message: recovery ? 'Enter a recovery code' : 'Enter the 6-digit code from your app' });
      return;
    }
    try {
      onSignedIn(await complete.mutateAsync(recovery ? { recoveryCode: value } : { code: value }));
    } catch (error) {
      showServerErrors(error, setError, {
        fields: ['code'],
        // `body.code` or `body.recoveryCode`: both are this form's one field.
        fieldOf: () => 'code',
        alert: unplacedAlert(signInErrorMessage),
      });
    }
  });

  /** The browser asks the passkey (the WebAuthn code loads only now: the sign-in page stays small). */
  const signInWithPasskey = async () => {
    setPasskeyBusy(true);
    try {
      const { options } = await sessionApi.passkeyOptions();
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const answer = await startAuthentication({ optionsJSON: options as never });
      onSignedIn(await complete.mutateAsync({ passkey: answer as unknown as TwoStepCode['passkey'] }));
    } catch (error) {
      if (isApiError(error)) {
        showServerErrors(error, setError, { fields: [], alert: unplacedAlert(signInErrorMessage) });
      } else {
        setError('root.server', {
          message: 'The passkey was not used. Try again, or use a code instead.',
        });
      }
    } finally {
      setPasskeyBusy(false);
    }
  };

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5}>
      <Typography component="h2" variant="h6">
        Two-step sign-in
      </Typography>
      <ServerErrorAlert message={errors.root?.server?.message} />
      {hasPasskey && (
        <Button
          variant="contained"
          size="large"
          fullWidth
          startIcon={<KeyOutlined />}
          loading={passkeyBusy}
          onClick={() => void signInWithPasskey()}
        >
          Use a passkey
        </Button>
      )}
      <Typography variant="body2" color="text.secondary">
        {recovery
          ? 'Enter one of the recovery codes you saved when you turned on two-step sign-in. Each works once.'
          : 'Enter the 6-digit code from your authenticator app.'}
      </Typography>
      <TextFieldControl
        key={recovery ? 'recovery' : 'code'}
        control={control}
        name="code"
        label={recovery ? 'Recovery code' : 'Code'}
        autoComplete="one-time-code"
        autoFocus={!hasPasskey}
        fullWidth
        inputProps={{
          'aria-required': true,
          autoCapitalize: 'none',
          spellCheck: false,
          ...(recovery ? {} : { inputMode: 'numeric' }),
        }}
      />
      <Button
        type="submit"
        variant={hasPasskey ? 'outlined' : 'contained'}
        size="large"
        fullWidth
        loading={isSubmitting}
      >
        Verify
      </Button>
      <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        {hasApp && (
          <Link
            component="button"
            type="button"
            onClick={() => {
              setRecovery((r) => !r);
              reset({ code: '' });
            }}
          >
            {recovery ? 'Use a code from the app' : 'Use a recovery code'}
          </Link>
        )}
        <Link component="button" type="button" onClick={onStartOver}>
          Start over
        </Link>
      </Stack>
    </Stack>
  );
}

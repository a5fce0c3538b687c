import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { LoadError } from '@/components/load-error.tsx';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { showServerErrors } from '@/lib/form-errors.ts';
import { useConfirmTotp } from '../mutations.ts';
import { twoStepQueries } from '../queries.ts';
import { EnrolDialog } from './enrol-dialog.tsx';

/**
 * Turning on an authenticator app: scan the QR code (or type the secret), confirm with a first
 * code; the first factor then shows its recovery codes, once.
 */
export function SetUpAuthenticatorDialog({ email, onClose }: { email: string; onClose: () => void }) {
  const titleId = useId();
  const [attempt] = useState(() => Date.now());
  const setup = useQuery(twoStepQueries.setup(attempt));
  const confirm = useConfirmTotp();
  const [codes, setCodes] = useState<string[] | null | undefined>(undefined);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ code: string; name: string }>({ defaultValues: { code: '', name: 'Authenticator app' } });

  const onSubmit = handleSubmit(async ({ code, name }) => {
    if (!setup.data) return;
    if (!/^\d{6}$/.test(code.replace(/\s+/g, ''))) {
      setError('code', { message: 'Enter the 6-digit code from your app' });
      return;
    }
    try {
      const enrolled = await confirm.mutateAsync({ secret: setup.data.secret, code, name });
      setCodes(enrolled.recoveryCodes);
    } catch (error) {
      showServerErrors(error, setError, { fields: ['code', 'name'] });
    }
  });

  return (
    <EnrolDialog
      titleId={titleId}
      title="Set up an authenticator app"
      doneTitle="Two-step sign-in is on"
      doneText="Your recovery codes stay as they were."
      email={email}
      codes={codes}
      submitting={isSubmitting}
      submitLabel="Turn on"
      submitDisabled={!setup.data}
      onClose={onClose}
    >
      {setup.isPending ? (
        <Skeleton variant="rounded" height={240} />
      ) : setup.isError ? (
        <LoadError error={setup.error} onRetry={() => setup.refetch()}>
          A new key could not be made.
        </LoadError>
      ) : (
        <Stack component="form" id={`${titleId}-form`} noValidate onSubmit={onSubmit} spacing={2.5}>
          <Typography variant="body2">
            1. Scan this QR code with an authenticator app (Google Authenticator, 1Password, Microsoft Authenticator…).
          </Typography>
          <Box
            component="img"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qrSvg)}`}
            alt="QR code of the authenticator secret"
            sx={{ width: 200, height: 200, bgcolor: '#fff', p: 1, borderRadius: 1, alignSelf: 'center' }}
          />
          <Typography variant="body2">Or type this key into the app:</Typography>
          <Typography
            component="code"
            aria-label="Secret key"
            sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere', bgcolor: 'action.hover', p: 1, borderRadius: 1 }}
          >
            {setup.data.secret.match(/.{1,4}/g)?.join(' ')}
          </Typography>
          <Typography variant="body2">2. Enter the 6-digit code the app shows.</Typography>
          <ServerErrorAlert message={errors.root?.server?.message} />
          <TextFieldControl
            control={control}
            name="code"
            label="Code"
            autoComplete="one-time-code"
            fullWidth
            inputProps={{ 'aria-required': true, inputMode: 'numeric' }}
          />
          <TextFieldControl control={control} name="name" label="Name (where it is)" fullWidth />
        </Stack>
      )}
    </EnrolDialog>
  );
}

import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { showServerErrors } from '@/lib/form-errors.ts';
import { useRegisterPasskey } from '../mutations.ts';
import { EnrolDialog } from './enrol-dialog.tsx';

/**
 * Adding a passkey: name it, then the browser asks for it (fingerprint, face, screen lock or a
 * security key). The first factor then shows its recovery codes, once.
 */
export function AddPasskeyDialog({ email, onClose }: { email: string; onClose: () => void }) {
  const titleId = useId();
  const register = useRegisterPasskey();
  const [codes, setCodes] = useState<string[] | null | undefined>(undefined);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ name: string }>({ defaultValues: { name: 'Passkey' } });

  const onSubmit = handleSubmit(async ({ name }) => {
    if (name.trim() === '') {
      setError('name', { message: 'Give the passkey a name' });
      return;
    }
    try {
      setCodes((await register.mutateAsync(name.trim())).recoveryCodes);
    } catch (error) {
      if (isApiError(error)) showServerErrors(error, setError, { fields: ['name'] });
      // The browser's own dialog was closed, or it has no passkey support.
      else setError('root.server', { message: 'No passkey was made. Try again when your device asks for it.' });
    }
  });

  return (
    <EnrolDialog
      titleId={titleId}
      title="Add a passkey"
      doneTitle="Your passkey is on"
      doneText="You can sign in with it from now on. Your recovery codes stay as they were."
      email={email}
      codes={codes}
      submitting={isSubmitting}
      submitLabel="Create passkey"
      onClose={onClose}
    >
      <Stack component="form" id={`${titleId}-form`} noValidate onSubmit={onSubmit} spacing={2.5}>
        <Typography variant="body2">
          A passkey is kept by this device (fingerprint, face or screen lock) or a security key. After your password,
          signing in asks for it instead of a code.
        </Typography>
        <ServerErrorAlert message={errors.root?.server?.message} />
        <TextFieldControl control={control} name="name" label="Name (which device)" fullWidth autoFocus />
      </Stack>
    </EnrolDialog>
  );
}

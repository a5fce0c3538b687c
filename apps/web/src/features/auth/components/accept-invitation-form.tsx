import { zodResolver } from '@hookform/resolvers/zod';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AcceptInvitationResult } from '@team-access/contract';
import { useId, useMemo } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ServerErrorAlert } from '@/components/server-error-alert.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { showServerErrors, unplacedAlert } from '@/lib/form-errors.ts';
import { useAcceptInvitation } from '../api/public-links.ts';
import { type LinkProblemCode, linkProblemOf } from '../link-problems.ts';
import { newAccountFormSchema } from '../password-policy.ts';
import { NewPasswordFields } from './new-password-fields.tsx';

type NewAccountSchema = ReturnType<typeof newAccountFormSchema>;

interface AcceptInvitationFormProps {
  token: string;
  email: string;
  onAccepted: (result: AcceptInvitationResult) => void;
  onLinkProblem: (code: LinkProblemCode) => void;
}

/** Someone new accepts: their names and a password (the policy) make the account. */
export function AcceptInvitationForm({ token, email, onAccepted, onLinkProblem }: AcceptInvitationFormProps) {
  const accept = useAcceptInvitation();
  const headingId = useId();
  const schema = useMemo(() => newAccountFormSchema(email), [email]);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<NewAccountSchema>, unknown, z.output<NewAccountSchema>>({
    resolver: zodResolver(schema),
    defaultValues: { firstName: '', lastName: '', password: '', confirmPassword: '' },
  });

  const onSubmit = handleSubmit(async ({ firstName, lastName, password }) => {
    let result: AcceptInvitationResult;
    try {
      result = await accept.mutateAsync({
        token,
        firstName: firstName.trim(),
        ...(lastName.trim() ? { lastName: lastName.trim() } : {}),
        password,
      });
    } catch (error) {
      const problem = linkProblemOf(error);
      if (problem) return onLinkProblem(problem);
      showServerErrors(error, setError, { fields: ['firstName', 'lastName', 'password'], alert: unplacedAlert() });
      return;
    }
    onAccepted(result);
  });

  return (
    <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5} aria-labelledby={headingId}>
      <Typography id={headingId} variant="h2">
        Create your account
      </Typography>
      <ServerErrorAlert message={errors.root?.server?.message} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextFieldControl
          control={control}
          name="firstName"
          label="First name"
          required
          fullWidth
          autoComplete="given-name"
        />
        <TextFieldControl control={control} name="lastName" label="Last name" fullWidth autoComplete="family-name" />
      </Stack>
      <NewPasswordFields control={control} email={email} label="Password" />
      <Button type="submit" variant="contained" size="large" fullWidth loading={isSubmitting}>
        Accept and create account
      </Button>
    </Stack>
  );
}

import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import {
  type AccessLevel,
  accessLevelSchema,
  emailSchema,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
  passwordSchema,
  phoneSchema,
  type User,
} from '@team-access/contract';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { DescribedRadios } from '@/components/described-radios.tsx';
import { FormDialog } from '@/components/form-dialog.tsx';
import { PermissionsControl } from '@/components/permissions-control.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { OWNER_PERMISSIONS_REFUSAL, useAccess } from '@/domain/users/access.ts';
import { accessLevelHelp, accessLevelLabels } from '@/domain/users/components/user-chips.tsx';
import { catalogQueries } from '@/domain/users/queries.ts';
import { problemAlert, showServerErrors } from '@/lib/form-errors.ts';
import { useCreateUser, useUpdateUser } from '../api/mutations.ts';
import { generatePassword } from '../password.ts';
import { NewPasswordField } from './new-password-field.tsx';

const nameField = z.string().trim().max(100, { error: 'Use at most 100 characters' });
const baseFields = {
  email: emailSchema,
  firstName: nameField,
  lastName: nameField,
  phone: z.union([z.literal(''), phoneSchema]),
  role: accessLevelSchema,
  permissions: z.record(z.string(), z.boolean()),
};
const createFormSchema = z.object({ ...baseFields, password: passwordSchema }).superRefine((form, ctx) => {
  if (passwordIsEmail(form.password, form.email)) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL_MESSAGE });
  }
});
const editFormSchema = z.object({ ...baseFields, password: z.string() });
type FormInput = z.input<typeof createFormSchema>;
type FormOutput = z.output<typeof createFormSchema>;

const FIELDS = ['email', 'firstName', 'lastName', 'phone', 'role', 'password'];

interface UserFormDialogProps {
  /** The user to edit; none to add a new one. */
  user?: User | undefined;
  open: boolean;
  onClose: () => void;
  onSaved?: (user: User) => void;
}

/** Add a team member, or edit one: profile, access level and direct permissions. */
export function UserFormDialog({ user, open, onClose, onSaved }: UserFormDialogProps) {
  return open ? <UserForm user={user} onClose={onClose} onSaved={onSaved} /> : null;
}

function UserForm({ user, onClose, onSaved }: Omit<UserFormDialogProps, 'open'>) {
  const access = useAccess();
  const catalog = useQuery(catalogQueries.catalog());
  const create = useCreateUser();
  const update = useUpdateUser();
  // One key per dialog: a retried submit (say, after a timeout) cannot add the person twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const editing = user !== undefined;
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    watch,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(editing ? (editFormSchema as unknown as typeof createFormSchema) : createFormSchema),
    defaultValues: {
      email: user?.email ?? '',
      firstName: user?.firstName ?? '',
      lastName: user?.lastName ?? '',
      phone: user?.phone ?? '',
      password: '',
      role: user?.role ?? 'MEMBER',
      permissions: user?.permissions ?? {},
    },
  });

  // An owner holds every permission by the access level: their map is not switched (ADR 018).
  const ownerStays = user?.role === 'OWNER' && watch('role') === 'OWNER';

  const onSubmit = handleSubmit(async (form) => {
    try {
      const profile = {
        email: form.email,
        role: form.role,
        permissions: form.permissions,
      };
      const newAddress = editing && form.email.trim().toLowerCase() !== user.email.toLowerCase();
      const saved = editing
        ? await update.mutateAsync({
            user,
            ...(newAddress
              ? { message: `Saved. ${form.email.trim()} becomes the email once the link mailed to it is followed` }
              : {}),
            body: {
              ...profile,
              firstName: form.firstName || null,
              lastName: form.lastName || null,
              phone: form.phone || null,
            },
          })
        : await create.mutateAsync({
            idempotencyKey,
            body: {
              ...profile,
              password: form.password,
              ...(form.firstName ? { firstName: form.firstName } : {}),
              ...(form.lastName ? { lastName: form.lastName } : {}),
              ...(form.phone ? { phone: form.phone } : {}),
            },
          });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      showServerErrors(error, setError, {
        fields: FIELDS,
        alert: problemAlert('Someone else changed this member meanwhile. Close and open it again.', {
          keepProblem: true,
        }),
      });
    }
  });

  const roles: AccessLevel[] =
    editing && !access.assignableRoles.includes(user.role)
      ? [user.role, ...access.assignableRoles]
      : access.assignableRoles;

  return (
    <FormDialog
      title={editing ? `Edit ${user.email}` : 'Add a team member'}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel={editing ? 'Save changes' : 'Add member'}
      submitDisabled={editing && !isDirty}
      error={errors.root?.server?.message}
      maxWidth="md"
    >
      <TextFieldControl
        control={control}
        name="email"
        label="Email"
        type="email"
        required
        fullWidth
        autoFocus
        autoComplete="off"
        inputProps={{ autoCapitalize: 'none', spellCheck: false }}
        helperText={
          editing
            ? 'A new address takes effect when the member follows the link mailed to it; the old one is told.'
            : 'The member is mailed a link to confirm it.'
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextFieldControl control={control} name="firstName" label="First name" fullWidth autoComplete="off" />
        <TextFieldControl control={control} name="lastName" label="Last name" fullWidth autoComplete="off" />
      </Stack>
      <TextFieldControl
        control={control}
        name="phone"
        label="Phone"
        type="tel"
        fullWidth
        autoComplete="off"
        helperText="Optional, for example +44 20 7946 0000"
      />
      {!editing && (
        <NewPasswordField
          control={control}
          name="password"
          label="Password"
          onGenerate={() => setValue('password', generatePassword(), { shouldValidate: true, shouldDirty: true })}
        />
      )}
      <Controller
        control={control}
        name="role"
        render={({ field }) => (
          <DescribedRadios
            labelId="access-level-label"
            label="Access level"
            choices={roles}
            labels={accessLevelLabels}
            help={accessLevelHelp}
            isDisabled={(role) => !access.assignableRoles.includes(role)}
            {...field}
          />
        )}
      />
      {ownerStays ? (
        <Alert severity="info">{OWNER_PERMISSIONS_REFUSAL}</Alert>
      ) : (
        <PermissionsControl control={control} name="permissions" catalog={catalog} canGrant={access.canGrant} />
      )}
    </FormDialog>
  );
}

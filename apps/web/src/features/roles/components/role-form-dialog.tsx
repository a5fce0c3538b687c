import { zodResolver } from '@hookform/resolvers/zod';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { CONTROL_CHARACTERS_MESSAGE, NO_CONTROL_CHARACTERS, type Role } from '@team-access/contract';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormDialog } from '@/components/form-dialog.tsx';
import { PermissionsControl } from '@/components/permissions-control.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { roleAccessFor } from '@/domain/roles/role-rules.ts';
import { useAccess } from '@/domain/users/access.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { bodyField, problemAlert, showServerErrors } from '@/lib/form-errors.ts';
import { useCreateRole, useUpdateRoleDetails } from '../api/mutations.ts';

// The contract's rules for a role's name and description, as form fields (strings, never null).
const formSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Enter a name' })
    .max(100, { error: 'Use at most 100 characters' })
    .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE }),
  description: z
    .string()
    .trim()
    .max(500, { error: 'Use at most 500 characters' })
    .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE }),
  permissions: z.record(z.string(), z.boolean()),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

// The permissions' errors stay in the alert: the checkboxes show no message of their own.
const FIELDS = ['name', 'description'];

interface RoleFormDialogProps {
  /** The role whose name and description to edit; none to create a role (with its permissions). */
  role?: Role | undefined;
  open: boolean;
  onClose: () => void;
  onSaved?: (role: Role) => void;
}

/** Create a role (name, description, permissions), or rename and describe one. */
export function RoleFormDialog({ role, open, onClose, onSaved }: RoleFormDialogProps) {
  return open ? <RoleForm role={role} onClose={onClose} onSaved={onSaved} /> : null;
}

function RoleForm({ role, onClose, onSaved }: Omit<RoleFormDialogProps, 'open'>) {
  const { me } = useAccess();
  const access = roleAccessFor(me);
  const catalog = useQuery(catalogQueries.catalog());
  const create = useCreateRole();
  const update = useUpdateRoleDetails();
  const editing = role !== undefined;
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      name: role?.name ?? '',
      description: role?.description ?? '',
      permissions: Object.fromEntries((role?.permissions ?? []).map((key) => [key, true])),
    },
  });

  const onSubmit = handleSubmit(async (form) => {
    try {
      const description = form.description || null;
      const saved = editing
        ? await update.mutateAsync({ role, body: { name: form.name, description } })
        : await create.mutateAsync({
            name: form.name,
            description,
            permissions: Object.keys(form.permissions).filter((key) => form.permissions[key]),
          });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      showServerErrors(error, setError, {
        fields: FIELDS,
        fieldOf: (path) => bodyField(path).split('.')[0] ?? '',
        alert: problemAlert('Someone else changed this role meanwhile. Close and open it again.', {
          keepProblem: true,
        }),
      });
    }
  });

  return (
    <FormDialog
      title={editing ? `Edit role ${role.name}` : 'Create a role'}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel={editing ? 'Save changes' : 'Create role'}
      submitDisabled={editing && !isDirty}
      error={errors.root?.server?.message}
      maxWidth={editing ? 'sm' : 'md'}
    >
      <TextFieldControl
        control={control}
        name="name"
        label="Name"
        required
        fullWidth
        autoFocus
        autoComplete="off"
        helperText="Unique among your roles, in any letter case"
      />
      <TextFieldControl
        control={control}
        name="description"
        label="Description"
        fullWidth
        multiline
        minRows={2}
        autoComplete="off"
        helperText="Optional: who the role is for"
      />
      {!editing && (
        <PermissionsControl
          control={control}
          name="permissions"
          catalog={catalog}
          canGrant={access.canGrant}
          note={
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Members who hold the role get these permissions.
              {me?.role === 'ADMIN' &&
                ' You can put in a role, and take out of one, only permissions you hold yourself.'}
            </Typography>
          }
        />
      )}
    </FormDialog>
  );
}

import { zodResolver } from '@hookform/resolvers/zod';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import {
  type Organization,
  type OrganizationMember,
  personNameSchema,
  phoneSchema,
  type Role,
  roleHandoverMessage,
  type User,
} from '@team-access/contract';
import { useController, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormDialog } from '@/components/form-dialog.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { ruleActorOf } from '@/domain/users/access.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { problemAlert, showServerErrors } from '@/lib/form-errors.ts';
import { useMe } from '../access.ts';
import { memberName, useEditMember } from '../api/mutations.ts';

/** An empty field clears the value; anything else is checked as the API checks it. */
const optional = <S extends z.ZodType<string, string>>(schema: S) =>
  z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(schema.nullable());

const formSchema = z.object({
  firstName: optional(personNameSchema),
  lastName: optional(personNameSchema),
  phone: optional(phoneSchema),
  groups: z.array(z.string()),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

const FIELDS = ['firstName', 'lastName', 'phone', 'groups'];

interface EditMemberDialogProps {
  organization: Organization;
  member: OrganizationMember;
  onClose: () => void;
}

/**
 * An ORG_USER_MANAGER edits a member's names, phone and roles (ADR 027). Roles whose permissions
 * they do not hold show read-only, with the shared rule's reason.
 */
export function EditMemberDialog({ organization, member, onClose }: EditMemberDialogProps) {
  const user = useQuery(userQueries.detail(member.userId));
  const roles = useQuery(roleQueries.list());
  const title = `Edit ${memberName(member)}`;
  if (user.data && roles.data) {
    return <EditMemberForm organization={organization} user={user.data} roles={roles.data.items} onClose={onClose} />;
  }
  const failed = user.isError ? user : roles.isError ? roles : undefined;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-label={title}>
      <DialogContent>
        {failed ? (
          <LoadError error={failed.error} onRetry={() => void failed.refetch()} retrying={failed.isFetching}>
            The member's profile could not be loaded.
          </LoadError>
        ) : (
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <CircularProgress size={24} aria-label={`Loading ${memberName(member)}`} />
            <Typography>Loading the profile…</Typography>
          </Stack>
        )}
      </DialogContent>
    </Dialog>
  );
}

function EditMemberForm({
  organization,
  user,
  roles,
  onClose,
}: {
  organization: Organization;
  user: User;
  roles: Role[];
  onClose: () => void;
}) {
  const edit = useEditMember(organization);
  const actor = ruleActorOf(useMe());
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty, dirtyFields },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      firstName: user.firstName ?? '',
      lastName: user.lastName ?? '',
      phone: user.phone ?? '',
      groups: user.groups,
    },
  });
  const groups = useController({ control, name: 'groups' });

  const onSubmit = handleSubmit(async (form) => {
    try {
      await edit.mutateAsync({
        user,
        // Only what changed: the rules judge the roles given and taken, nothing else.
        body: {
          ...(dirtyFields.firstName ? { firstName: form.firstName } : {}),
          ...(dirtyFields.lastName ? { lastName: form.lastName } : {}),
          ...(dirtyFields.phone ? { phone: form.phone } : {}),
          ...(dirtyFields.groups ? { groups: form.groups } : {}),
        },
      });
      onClose();
    } catch (error) {
      showServerErrors(error, setError, {
        fields: FIELDS,
        fieldOf: (path) => path.replace(/^body\./, '').replace(/\.\d+$/, ''),
        alert: problemAlert('Someone else changed this member meanwhile. Close and open it again.'),
      });
    }
  });

  const held = new Set(user.groups);
  const toggle = (id: string, on: boolean) =>
    groups.field.onChange(on ? [...groups.field.value, id] : groups.field.value.filter((g) => g !== id));

  return (
    <FormDialog
      title={`Edit ${memberName(user)}`}
      description={`${user.email}, a member of ${organization.name}. You can change their names, phone and roles.`}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel="Save changes"
      submitDisabled={!isDirty}
      error={errors.root?.server?.message}
    >
      <TextFieldControl control={control} name="firstName" label="First name" fullWidth autoFocus autoComplete="off" />
      <TextFieldControl control={control} name="lastName" label="Last name" fullWidth autoComplete="off" />
      <TextFieldControl
        control={control}
        name="phone"
        label="Phone"
        type="tel"
        fullWidth
        autoComplete="off"
        helperText="Optional, e.g. +44 20 7946 0000"
      />
      <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <FormLabel component="legend">Roles</FormLabel>
        {roles.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No roles exist yet.
          </Typography>
        ) : (
          <FormGroup>
            {roles.map((role) => {
              // Giving a role the user lacks, or taking away one they hold: only with its permissions.
              const reason = roleHandoverMessage(actor, role, !held.has(role.id));
              const helperId = `role-${role.id}-reason`;
              return (
                <div key={role.id}>
                  <FormControlLabel
                    label={role.name}
                    control={
                      <Checkbox
                        checked={groups.field.value.includes(role.id)}
                        disabled={reason !== undefined}
                        onChange={(event) => toggle(role.id, event.target.checked)}
                        slotProps={{ input: { 'aria-describedby': reason ? helperId : undefined } }}
                      />
                    }
                  />
                  {reason && (
                    <FormHelperText id={helperId} sx={{ mt: -0.5, mb: 1, ml: 4 }}>
                      {reason}
                    </FormHelperText>
                  )}
                </div>
              );
            })}
          </FormGroup>
        )}
        {errors.groups?.message && <FormHelperText error>{errors.groups.message}</FormHelperText>}
      </fieldset>
    </FormDialog>
  );
}

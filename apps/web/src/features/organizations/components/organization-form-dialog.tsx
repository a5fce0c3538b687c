import { zodResolver } from '@hookform/resolvers/zod';
import { createOrganizationSchema, type Organization, slugify, slugSchema } from '@team-access/contract';
import { useEffect, useRef } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { FormDialog } from '@/components/form-dialog.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { problemAlert, showServerErrors } from '@/lib/form-errors.ts';
import { useCreateOrganization, useUpdateOrganization } from '../api/mutations.ts';

const formSchema = z.object({
  name: createOrganizationSchema.shape.name,
  slug: slugSchema,
  description: z.string().trim().max(500, { error: 'Use at most 500 characters' }),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

const FIELDS = ['name', 'slug', 'description'];

interface OrganizationFormDialogProps {
  /** The organization to edit; none to create one. */
  organization?: Organization | undefined;
  open: boolean;
  onClose: () => void;
  onSaved?: (organization: Organization) => void;
  /** An org owner edits the name and description only (ADR 012). */
  slugLocked?: boolean;
}

/** Create an organization, or edit one's name, slug and description. */
export function OrganizationFormDialog({ open, ...props }: OrganizationFormDialogProps) {
  return open ? <OrganizationForm {...props} /> : null;
}

function OrganizationForm({ organization, onClose, onSaved, slugLocked }: Omit<OrganizationFormDialogProps, 'open'>) {
  const create = useCreateOrganization();
  const update = useUpdateOrganization();
  const editing = organization !== undefined;
  // The slug follows the name until the person edits it (a rename keeps an existing slug).
  const slugEdited = useRef(editing);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting, isDirty, dirtyFields },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      name: organization?.name ?? '',
      slug: organization?.slug ?? '',
      description: organization?.description ?? '',
    },
  });

  const name = useWatch({ control, name: 'name' });
  useEffect(() => {
    if (!slugEdited.current) setValue('slug', slugify(name), { shouldDirty: true });
  }, [name, setValue]);

  const onSubmit = handleSubmit(async (form) => {
    try {
      const description = form.description || null;
      const saved = editing
        ? await update.mutateAsync({
            organization,
            // Only what changed: a rename does not resend (or re-check) an unchanged slug.
            body: {
              ...(dirtyFields.name ? { name: form.name } : {}),
              ...(dirtyFields.slug ? { slug: form.slug } : {}),
              ...(dirtyFields.description ? { description } : {}),
            },
          })
        : await create.mutateAsync({
            name: form.name,
            slug: form.slug,
            ...(description ? { description } : {}),
          });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      showServerErrors(error, setError, {
        fields: FIELDS,
        alert: problemAlert('Someone else changed this organization meanwhile. Close and open it again.'),
      });
    }
  });

  return (
    <FormDialog
      title={editing ? `Edit ${organization.name}` : 'Create an organization'}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel={editing ? 'Save changes' : 'Create organization'}
      submitDisabled={editing && !isDirty}
      error={errors.root?.server?.message}
    >
      <TextFieldControl control={control} name="name" label="Name" required fullWidth autoFocus autoComplete="off" />
      <TextFieldControl
        control={control}
        name="slug"
        label="Slug"
        required
        fullWidth
        autoComplete="off"
        disabled={slugLocked}
        helperText={
          slugLocked
            ? 'Only owners and administrators of the account change a slug'
            : 'Unique in your account: lower-case letters, digits and hyphens, e.g. acme-news'
        }
        inputProps={{
          autoCapitalize: 'none',
          spellCheck: false,
          onInput: () => {
            slugEdited.current = true;
          },
        }}
      />
      <TextFieldControl
        control={control}
        name="description"
        label="Description"
        fullWidth
        multiline
        minRows={2}
        autoComplete="off"
        helperText="Optional"
      />
    </FormDialog>
  );
}

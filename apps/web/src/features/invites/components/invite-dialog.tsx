import { zodResolver } from '@hookform/resolvers/zod';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import {
  accessLevelSchema,
  BULK_INVITATION_ROWS_MAX,
  type CreateInvitation,
  createInvitationSchema,
  INVITATION_TTL_DAYS_DEFAULT,
  INVITATION_TTL_DAYS_MAX,
  orgRoleSchema,
  roleIdsSchema,
} from '@team-access/contract';
import { useId, useMemo, useRef, useState } from 'react';
import { Controller, type FieldPath, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { CatalogCheckboxes } from '@/components/catalog-checkboxes.tsx';
import { DescribedRadios } from '@/components/described-radios.tsx';
import { FormDialog } from '@/components/form-dialog.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { OrgRoleRadios } from '@/domain/organizations/components/org-role-radios.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { accessLevelHelp, accessLevelLabels } from '@/domain/users/components/user-chips.tsx';
import { catalogQueries } from '@/domain/users/queries.ts';
import { isApiError } from '@/lib/api-client.ts';
import { bodyField, showServerErrors } from '@/lib/form-errors.ts';
import { notify } from '@/lib/notifications.ts';
import { addressProblem } from '../addresses.ts';
import { INVITES_TOAST, useBulkCreateInvitations, useCreateInvitation } from '../api/mutations.ts';
import { type RowOutcome, rowReason, summarize } from '../bulk-send.ts';
import type { InviteAccess } from '../invite-access.ts';
import { AddressesField } from './addresses-field.tsx';
import { OrganizationPicker } from './organization-picker.tsx';
import { RolesPicker } from './roles-picker.tsx';
import { SendResults } from './send-results.tsx';

/** The days field is text in the form and a number for the contract, whose rule decides. */
const expiresInDaysField = z
  .union([z.string(), z.number()])
  .transform((value) => (typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value)))
  .pipe(createInvitationSchema.shape.expiresInDays.unwrap());

function inviteFormSchema(access: InviteAccess) {
  return z
    .object({
      emails: z
        .array(z.string())
        .min(1, { error: 'Enter at least one email address' })
        .max(BULK_INVITATION_ROWS_MAX, {
          error: `Invite at most ${BULK_INVITATION_ROWS_MAX} people at a time; upload a CSV for more`,
        })
        .refine((emails) => emails.every((email) => addressProblem(email) === undefined), {
          error: 'Fix or remove the addresses that are not valid',
        }),
      role: accessLevelSchema,
      groups: roleIdsSchema,
      permissions: z.record(z.string(), z.boolean()),
      organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
      organizationRole: orgRoleSchema,
      expiresInDays: expiresInDaysField,
    })
    .superRefine((form, ctx) => {
      if (access.organizationRequired && !form.organization) {
        ctx.addIssue({
          code: 'custom',
          path: ['organization'],
          message: 'Choose one of the organizations you administer',
        });
      }
    });
}
type FormSchema = ReturnType<typeof inviteFormSchema>;
type FormInput = z.input<FormSchema>;
type FormOutput = z.output<FormSchema>;

/** Where the contract's fields are in this form (`body.organizationId` is the organization picker). */
const FIELD_OF_PATH: Record<string, FieldPath<FormInput>> = {
  email: 'emails',
  role: 'role',
  groups: 'groups',
  permissions: 'permissions',
  organizationId: 'organization',
  organizationRole: 'organizationRole',
  expiresInDays: 'expiresInDays',
};

interface InviteDialogProps {
  open: boolean;
  onClose: () => void;
  access: InviteAccess;
}

/**
 * "Invite people": one address or several, with what they will get. One address is one
 * POST /invitations; several are one POST /invitations/bulk, answered per address.
 */
export function InviteDialog({ open, ...props }: Omit<InviteDialogProps, 'open'> & { open: boolean }) {
  return open ? <InviteForm {...props} /> : null;
}

function InviteForm({ onClose, access }: Omit<InviteDialogProps, 'open'>) {
  const titleId = useId();
  const create = useCreateInvitation();
  const bulk = useBulkCreateInvitations();
  const catalog = useQuery({ ...catalogQueries.catalog(), enabled: access.canGiveRolesAndPermissions });
  const roles = useQuery({ ...roleQueries.list(), enabled: access.canGiveRolesAndPermissions });
  const [results, setResults] = useState<RowOutcome[]>();
  // One key per request this dialog sends: a retry of the same request (say, after a timeout)
  // sends nothing twice; a changed request is a new one and gets its own.
  const keys = useRef(new Map<string, string>());
  const keyFor = (body: unknown) => {
    const request = JSON.stringify(body);
    const key = keys.current.get(request) ?? crypto.randomUUID();
    keys.current.set(request, key);
    return key;
  };

  const schema = useMemo(() => inviteFormSchema(access), [access]);
  const onlyOrganization = access.organizations?.length === 1 ? (access.organizations[0] ?? null) : null;
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(schema),
    defaultValues: {
      emails: [],
      role: 'MEMBER',
      groups: [],
      permissions: {},
      organization: onlyOrganization && {
        id: onlyOrganization.id,
        name: onlyOrganization.name,
        slug: onlyOrganization.slug,
      },
      organizationRole: 'ORG_MEMBER',
      expiresInDays: String(INVITATION_TTL_DAYS_DEFAULT),
    },
  });
  const organization = useWatch({ control, name: 'organization' });
  const emails = useWatch({ control, name: 'emails' });
  const orgRoles = access.assignableOrgRoles(organization?.id);

  const showErrors = (error: unknown) => {
    if (
      isApiError(error) &&
      error.status === 409 &&
      (error.code === 'already_member' || error.code === 'already_invited')
    ) {
      setError('emails', { type: 'server', message: error.detail ?? error.title }, { shouldFocus: true });
      return;
    }
    showServerErrors(error, setError, {
      fields: Object.values(FIELD_OF_PATH),
      fieldOf: (path) => FIELD_OF_PATH[bodyField(path).split('.')[0] ?? ''] ?? '',
    });
  };

  const onSubmit = handleSubmit(async (form) => {
    const granted = Object.fromEntries(Object.entries(form.permissions).filter(([, on]) => on));
    const common = {
      role: form.role,
      groups: form.groups,
      permissions: granted,
      expiresInDays: form.expiresInDays,
      ...(form.organization ? { organizationId: form.organization.id, organizationRole: form.organizationRole } : {}),
    };
    const invites: CreateInvitation[] = form.emails.map((email) => ({ email: email.trim(), ...common }));
    const refused = invites[0] ? access.problems(invites[0], roles.data?.items ?? []) : [];
    if (refused.length > 0) {
      setError('root.server', { type: 'client', message: refused.join(' ') });
      return;
    }
    try {
      const [only] = invites;
      if (invites.length === 1 && only) {
        await create.mutateAsync({ body: only, idempotencyKey: keyFor(only) });
        onClose();
        return;
      }
      const body = { rows: invites };
      const answer = await bulk.mutateAsync({ body, idempotencyKey: keyFor(body) });
      const outcomes: RowOutcome[] = invites.map((invite, index) => {
        const item = answer.items.find((candidate) => candidate.index === index);
        return {
          row: index + 1,
          email: invite.email,
          outcome: item?.outcome ?? 'failed',
          reason: !item ? 'The server did not answer for this address' : item.outcome === 'sent' ? '' : rowReason(item),
        };
      });
      if (outcomes.every((outcome) => outcome.outcome === 'sent')) {
        notify(`Invitations sent to ${outcomes.length} people`, 'success', INVITES_TOAST);
        onClose();
      } else setResults(outcomes);
    } catch (error) {
      showErrors(error);
    }
  });

  if (results) {
    return (
      <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="md" fullWidth>
        <DialogTitle id={titleId}>Some invitations were not sent</DialogTitle>
        <DialogContent dividers>
          <SendResults summary={summarize(results)} outcomes={results} />
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose} autoFocus>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  const count = emails.length;
  return (
    <FormDialog
      title="Invite people"
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel={count > 1 ? `Send ${count} invitations` : 'Send invitation'}
      error={errors.root?.server?.message}
      maxWidth="md"
      spacing={3}
      contentSx={{ pt: 1 }}
    >
      <Controller
        control={control}
        name="emails"
        render={({ field, fieldState }) => (
          <AddressesField
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            error={fieldState.error?.message}
            disabled={isSubmitting}
          />
        )}
      />
      {access.canGiveRolesAndPermissions ? (
        <Controller
          control={control}
          name="role"
          render={({ field }) => (
            <DescribedRadios
              labelId={`${titleId}-access-level`}
              label="Access level"
              choices={access.assignableRoles}
              labels={accessLevelLabels}
              help={accessLevelHelp}
              error={errors.role?.message && <FormHelperText error>{errors.role.message}</FormHelperText>}
              {...field}
              row={false}
            />
          )}
        />
      ) : (
        <Alert severity="info">
          They join your organization with the access level Member. Organization admins do not give roles or
          permissions.
        </Alert>
      )}
      {access.canGiveRolesAndPermissions && (
        <>
          <Controller
            control={control}
            name="groups"
            render={({ field, fieldState }) => (
              <RolesPicker
                value={field.value}
                onChange={field.onChange}
                access={access}
                error={fieldState.error?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="permissions"
            render={({ field, fieldState }) => {
              const on = Object.values(field.value).filter(Boolean).length;
              return (
                <Accordion disableGutters variant="outlined" defaultExpanded={Boolean(fieldState.error)}>
                  <AccordionSummary
                    expandIcon={<ExpandMore />}
                    id={`${titleId}-permissions-summary`}
                    aria-controls={`${titleId}-permissions`}
                  >
                    <Typography component="h3" variant="subtitle1">
                      Direct permissions{' '}
                      <Typography component="span" variant="body2" color="text.secondary">
                        {on === 0 ? '(none)' : `(${on} selected)`}
                      </Typography>
                    </Typography>
                  </AccordionSummary>
                  {/* The Accordion gives its region the id aria-controls names: not repeated here. */}
                  <AccordionDetails>
                    {fieldState.error?.message && (
                      <Alert severity="error" sx={{ mb: 1 }}>
                        {fieldState.error.message}
                      </Alert>
                    )}
                    <CatalogCheckboxes
                      catalog={catalog}
                      value={field.value}
                      onChange={field.onChange}
                      canGrant={access.canGrant}
                    />
                  </AccordionDetails>
                </Accordion>
              );
            }}
          />
        </>
      )}
      <Stack spacing={2}>
        <Controller
          control={control}
          name="organization"
          render={({ field, fieldState }) => (
            <OrganizationPicker
              value={field.value}
              onChange={(next) => {
                field.onChange(next);
                if (!access.assignableOrgRoles(next?.id).includes(getValues('organizationRole'))) {
                  setValue('organizationRole', 'ORG_MEMBER');
                }
              }}
              access={access}
              error={fieldState.error?.message}
            />
          )}
        />
        {organization && (
          <Controller
            control={control}
            name="organizationRole"
            render={({ field, fieldState }) => (
              <OrgRoleRadios
                value={field.value}
                onChange={field.onChange}
                roles={orgRoles}
                label={`Role in ${organization.name}`}
                error={fieldState.error?.message}
              />
            )}
          />
        )}
      </Stack>
      <Box sx={{ maxWidth: 320 }}>
        <TextFieldControl
          control={control}
          name="expiresInDays"
          label="Link valid for (days)"
          type="number"
          required
          fullWidth
          inputProps={{ min: 1, max: INVITATION_TTL_DAYS_MAX, step: 1, inputMode: 'numeric' }}
          helperText={`From 1 to ${INVITATION_TTL_DAYS_MAX} days; ${INVITATION_TTL_DAYS_DEFAULT} unless you change it`}
        />
      </Box>
    </FormDialog>
  );
}

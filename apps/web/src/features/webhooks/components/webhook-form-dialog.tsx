import { zodResolver } from '@hookform/resolvers/zod';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import {
  DEFAULT_WEBHOOK_EVENTS,
  type Webhook,
  type WebhookEventType,
  type WebhookWithSecret,
  webhookEventLabels,
  webhookEventTypes,
} from '@team-access/contract';
import { type Control, useController, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormDialog } from '@/components/form-dialog.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { bodyField, problemAlert, showServerErrors } from '@/lib/form-errors.ts';
import { useCreateWebhook, useUpdateWebhook } from '../api/mutations.ts';

// The address and description as form fields; the contract checks them again (and the IAM the host).
const formSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, { error: 'Enter the address that receives the events' })
    .max(2000, { error: 'Use at most 2000 characters' })
    .regex(/^https?:\/\/\S+$/i, { error: 'Use an http:// or https:// address' }),
  description: z.string().trim().max(200, { error: 'Use at most 200 characters' }),
  events: z
    .record(z.string(), z.boolean())
    .refine((map) => Object.values(map).some(Boolean), { error: 'Choose at least one event' }),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

const FIELDS = ['url', 'description', 'events'];

/** The event types by group, in the contract's order. */
const GROUPS = [...new Set(webhookEventTypes.map((t) => webhookEventLabels[t].group))].map((group) => ({
  group,
  types: webhookEventTypes.filter((t) => webhookEventLabels[t].group === group),
}));

interface WebhookFormDialogProps {
  /** The webhook to edit; none to add one. */
  webhook?: Webhook | undefined;
  onClose: () => void;
  /** A new webhook, with its secret to show once. */
  onCreated?: (webhook: WebhookWithSecret) => void;
}

/** Add a webhook (address, description, events), or edit one. */
export function WebhookFormDialog({ webhook, onClose, onCreated }: WebhookFormDialogProps) {
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const editing = webhook !== undefined;
  const chosen = new Set<string>(webhook?.events ?? DEFAULT_WEBHOOK_EVENTS);
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      url: webhook?.url ?? '',
      description: webhook?.description ?? '',
      events: Object.fromEntries(webhookEventTypes.map((t) => [t, chosen.has(t)])),
    },
  });

  const onSubmit = handleSubmit(async (form) => {
    const body = {
      url: form.url,
      description: form.description,
      events: webhookEventTypes.filter((t) => form.events[t]),
    };
    try {
      if (editing) {
        await update.mutateAsync({ webhook, body });
        onClose();
      } else {
        const created = await create.mutateAsync(body);
        // The screen replaces this dialog with the one that shows the secret.
        if (onCreated) onCreated(created);
        else onClose();
      }
    } catch (error) {
      showServerErrors(error, setError, {
        fields: FIELDS,
        fieldOf: (path) => bodyField(path).split('.')[0] ?? '',
        alert: problemAlert(),
      });
    }
  });

  return (
    <FormDialog
      title={editing ? `Edit webhook ${webhook.url}` : 'Add a webhook'}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel={editing ? 'Save changes' : 'Add webhook'}
      submitDisabled={editing && !isDirty}
      error={errors.root?.server?.message}
      maxWidth="md"
    >
      <TextFieldControl
        control={control}
        name="url"
        label="Address (URL)"
        required
        fullWidth
        autoFocus
        autoComplete="off"
        inputProps={{ inputMode: 'url', spellCheck: false }}
        helperText="Where each event is POSTed, signed. Private and loopback addresses are refused unless your operator allows them."
      />
      <TextFieldControl
        control={control}
        name="description"
        label="Description"
        fullWidth
        autoComplete="off"
        helperText="Optional: what receives these events"
      />
      <EventCheckboxes control={control} />
    </FormDialog>
  );
}

function EventCheckboxes({ control }: { control: Control<FormInput, unknown, FormOutput> }) {
  const { field, fieldState } = useController({ name: 'events', control });
  const value = field.value as Record<WebhookEventType, boolean>;
  const toggle = (type: WebhookEventType, on: boolean) => field.onChange({ ...value, [type]: on });
  return (
    <FormControl component="fieldset" error={fieldState.error !== undefined} variant="standard">
      <FormLabel component="legend">Events</FormLabel>
      {fieldState.error && <FormHelperText>{fieldState.error.message}</FormHelperText>}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={{ xs: 1, sm: 3 }}
        useFlexGap
        sx={{ flexWrap: 'wrap', mt: 1 }}
      >
        {GROUPS.map(({ group, types }) => (
          <FormControl key={group} component="fieldset" variant="standard" sx={{ minWidth: 200 }}>
            <FormLabel component="legend" sx={{ fontSize: '0.875rem' }}>
              {group}
            </FormLabel>
            <FormGroup>
              {types.map((type) => (
                <FormControlLabel
                  key={type}
                  control={
                    <Checkbox
                      size="small"
                      checked={value[type] ?? false}
                      onChange={(e) => toggle(type, e.target.checked)}
                      onBlur={field.onBlur}
                    />
                  }
                  label={`${webhookEventLabels[type].label} (${type})`}
                  slotProps={{ typography: { variant: 'body2', sx: { overflowWrap: 'anywhere' } } }}
                />
              ))}
            </FormGroup>
          </FormControl>
        ))}
      </Stack>
    </FormControl>
  );
}

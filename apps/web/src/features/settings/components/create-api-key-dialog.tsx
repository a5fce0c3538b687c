import { zodResolver } from '@hookform/resolvers/zod';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  type ApiKeyScope,
  apiKeyExpiryFrom,
  apiKeyScopeDescriptions,
  apiKeyScopes,
  type CreatedApiKey,
  entityNameSchema,
} from '@team-access/contract';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { DescribedRadios } from '@/components/described-radios.tsx';
import { FormDialog } from '@/components/form-dialog.tsx';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { usePhone } from '@/components/use-phone.ts';
import { bodyField, showServerErrors } from '@/lib/form-errors.ts';
import { notify } from '@/lib/notifications.ts';
import { useCreateApiKey } from '../api/api-keys.ts';

const expiries = ['30', '90', '365', 'never'] as const;
type Expiry = (typeof expiries)[number];
const expiryLabels: Record<Expiry, string> = { 30: '30 days', 90: '90 days', 365: '1 year', never: 'Never' };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const expiryHelp = (now: number): Record<Expiry, string> => ({
  30: `until ${dateFormat.format(new Date(apiKeyExpiryFrom(30, now) as string))}`,
  90: `until ${dateFormat.format(new Date(apiKeyExpiryFrom(90, now) as string))}`,
  365: `until ${dateFormat.format(new Date(apiKeyExpiryFrom(365, now) as string))}`,
  never: 'works until it is revoked',
});

// The contract's name rule; scopes as a map of checkboxes; the expiry as one of the choices.
const formSchema = z.object({
  name: entityNameSchema,
  scopes: z
    .record(z.string(), z.boolean())
    .refine((s) => Object.values(s).some(Boolean), { error: 'Choose at least one scope' }),
  expiry: z.enum(expiries),
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;

/** Create an API key: its name, scopes and expiry; then its secret, shown this once. */
export function CreateApiKeyDialog({ onClose }: { onClose: () => void }) {
  const [created, setCreated] = useState<CreatedApiKey | undefined>(undefined);
  return created ? (
    <ShownOnce created={created} onClose={onClose} />
  ) : (
    <CreateForm onCreated={setCreated} onClose={onClose} />
  );
}

function CreateForm({ onCreated, onClose }: { onCreated: (c: CreatedApiKey) => void; onClose: () => void }) {
  const create = useCreateApiKey();
  const scopesLabelId = useId();
  const expiryLabelId = useId();
  const [now] = useState(() => Date.now());
  const {
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: { name: '', scopes: {}, expiry: '90' },
  });

  const onSubmit = handleSubmit(async (form) => {
    try {
      const answer = await create.mutateAsync({
        name: form.name,
        scopes: apiKeyScopes.filter((scope) => form.scopes[scope]),
        expiresAt: apiKeyExpiryFrom(form.expiry === 'never' ? null : Number(form.expiry)),
      });
      onCreated(answer);
    } catch (error) {
      showServerErrors(error, setError, {
        fields: ['name', 'scopes', 'expiry'],
        fieldOf: (path) => {
          const field = bodyField(path).split('.')[0] ?? '';
          return field === 'expiresAt' ? 'expiry' : field;
        },
      });
    }
  });

  return (
    <FormDialog
      title="Create an API key"
      description="A key lets a program call the IAM API as your account, limited to the scopes you choose. It never signs in as a person."
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={isSubmitting}
      submitLabel="Create key"
      error={errors.root?.server?.message}
      maxWidth="md"
    >
      <TextFieldControl
        control={control}
        name="name"
        label="Name"
        required
        fullWidth
        autoFocus
        autoComplete="off"
        helperText="What uses it, e.g. Nightly member sync"
      />
      <Controller
        control={control}
        name="scopes"
        render={({ field, fieldState }) => (
          <FormControl component="fieldset" error={fieldState.error !== undefined} required>
            <FormLabel component="legend" id={scopesLabelId}>
              Scopes
            </FormLabel>
            <FormGroup aria-labelledby={scopesLabelId}>
              {apiKeyScopes.map((scope: ApiKeyScope) => (
                <FormControlLabel
                  key={scope}
                  sx={{ alignItems: 'flex-start', my: 0.25 }}
                  control={
                    <Checkbox
                      sx={{ pt: 0.25 }}
                      checked={field.value[scope] === true}
                      onChange={(_event, checked) => field.onChange({ ...field.value, [scope]: checked })}
                      onBlur={field.onBlur}
                    />
                  }
                  label={
                    <span>
                      <Typography component="span" sx={{ fontFamily: 'monospace' }}>
                        {scope}
                      </Typography>{' '}
                      <Typography component="span" variant="body2" color="text.secondary">
                        — {apiKeyScopeDescriptions[scope]}
                      </Typography>
                    </span>
                  }
                />
              ))}
            </FormGroup>
            {fieldState.error && <FormHelperText>{fieldState.error.message}</FormHelperText>}
          </FormControl>
        )}
      />
      <Controller
        control={control}
        name="expiry"
        render={({ field, fieldState }) => (
          <DescribedRadios
            labelId={expiryLabelId}
            label="Expires after"
            choices={expiries}
            labels={expiryLabels}
            help={expiryHelp(now)}
            value={field.value}
            onChange={(_event, value) => field.onChange(value as Expiry)}
            error={fieldState.error && <FormHelperText error>{fieldState.error.message}</FormHelperText>}
          />
        )}
      />
    </FormDialog>
  );
}

/** The new key's id and secret, with copy buttons: the secret is never shown again. */
function ShownOnce({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const titleId = useId();
  const phone = usePhone();
  const copy = (text: string, what: string) =>
    navigator.clipboard.writeText(text).then(
      () => notify(`${what} copied`, 'success'),
      () => notify(`Could not copy: select the ${what.toLowerCase()} and copy it yourself`, 'error'),
    );
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth fullScreen={phone}>
      <DialogTitle id={titleId}>API key {created.apiKey.name} is ready</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Alert severity="warning">
            Copy the secret now: it is shown only this once. If it is lost, revoke the key and create another.
          </Alert>
          <Secret
            label="Key id (the user name)"
            value={created.apiKey.keyId}
            onCopy={() => copy(created.apiKey.keyId, 'Key id')}
          />
          <Secret label="Secret (the password)" value={created.secret} onCopy={() => copy(created.secret, 'Secret')} />
          <Typography variant="body2" color="text.secondary">
            Send them as HTTP Basic credentials to the IAM API, as you would the account's own key and secret.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function Secret({ label, value, onCopy }: { label: string; value: string; onCopy: () => void }) {
  return (
    <Stack spacing={0.5}>
      <Typography variant="subtitle2" component="h3">
        {label}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography
          component="code"
          sx={{
            flex: 1,
            minWidth: 0,
            p: 1,
            fontFamily: 'monospace',
            wordBreak: 'break-all',
            bgcolor: 'action.hover',
            borderRadius: 1,
          }}
        >
          {value}
        </Typography>
        <Button
          variant="outlined"
          startIcon={<ContentCopy />}
          onClick={onCopy}
          aria-label={`Copy ${label.split(' (')[0]?.toLowerCase()}`}
        >
          Copy
        </Button>
      </Stack>
    </Stack>
  );
}

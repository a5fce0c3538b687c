import AddOutlined from '@mui/icons-material/AddOutlined';
import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import ScheduleOutlined from '@mui/icons-material/ScheduleOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { ApiKey, ApiKeyStatus } from '@team-access/contract';
import { type ReactElement, useId, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { StatusChip, type StatusTone } from '@/components/status-chip.tsx';
import { VisuallyHidden } from '@/components/visually-hidden.tsx';
import { apiKeyQueries, useRevokeApiKey } from '../api/api-keys.ts';
import { CreateApiKeyDialog } from './create-api-key-dialog.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => dateFormat.format(new Date(iso));

const statusLooks: Record<ApiKeyStatus, { label: string; tone: StatusTone; icon: ReactElement }> = {
  active: { label: 'Active', tone: 'success', icon: <CheckCircleOutlined /> },
  expired: { label: 'Expired', tone: 'warning', icon: <ScheduleOutlined /> },
  revoked: { label: 'Revoked', tone: 'default', icon: <BlockOutlined /> },
};

/**
 * The account's API keys (ADR 048), for an OWNER: each with its scopes, who made it, its expiry,
 * its last use and its status; "Create API key", and Revoke after a confirm that names the key.
 */
export function ApiKeysCard() {
  const titleId = useId();
  const keys = useQuery(apiKeyQueries.list());
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | undefined>(undefined);

  return (
    <Card component="section" aria-labelledby={titleId}>
      <CardHeader
        title="API keys"
        subheader="Keys your own programs use to call the IAM API, each limited to its scopes. Only owners see them."
        slotProps={{ title: { id: titleId, component: 'h2', variant: 'h2' } }}
        action={
          <Button variant="contained" startIcon={<AddOutlined />} onClick={() => setCreating(true)} sx={{ ml: 1 }}>
            Create API key
          </Button>
        }
        sx={{ flexWrap: 'wrap', gap: 1, '& .MuiCardHeader-action': { alignSelf: 'center', m: 0 } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {keys.isPending ? (
          <Stack spacing={1} aria-busy="true">
            <VisuallyHidden>Loading API keys…</VisuallyHidden>
            <Skeleton variant="rounded" height={72} />
            <Skeleton variant="rounded" height={72} />
          </Stack>
        ) : keys.isError ? (
          <LoadError error={keys.error} onRetry={() => keys.refetch()} retrying={keys.isRefetching}>
            The API keys could not be loaded.
          </LoadError>
        ) : keys.data.items.length === 0 ? (
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', py: 1 }}>
            <KeyOutlined color="primary" aria-hidden />
            <Typography color="text.secondary">
              No API keys yet. Create one for each program that calls the IAM API, with only the scopes it needs.
            </Typography>
          </Stack>
        ) : (
          <List aria-label="API keys" disablePadding>
            {keys.data.items.map((key) => (
              <ApiKeyItem key={key.id} apiKey={key} onRevoke={() => setRevoking(key)} />
            ))}
          </List>
        )}
      </CardContent>
      {creating && <CreateApiKeyDialog onClose={() => setCreating(false)} />}
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke API key ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke"
        destructive
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking, { onSettled: () => setRevoking(undefined) })}
        onClose={() => setRevoking(undefined)}
      >
        Programs using {revoking?.name} ({revoking?.keyId}) are refused from their next call. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}

function ApiKeyItem({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  const look = statusLooks[apiKey.status];
  const nameId = useId();
  return (
    <ListItem divider disableGutters aria-labelledby={nameId} sx={{ display: 'block', py: 1.5 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography id={nameId} component="h3" variant="subtitle1" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
          {apiKey.name}
        </Typography>
        <StatusChip label={look.label} tone={look.tone} icon={look.icon} />
        <Box sx={{ flex: 1 }} />
        {apiKey.status !== 'revoked' && (
          <Button color="error" variant="outlined" size="small" onClick={onRevoke} aria-label={`Revoke ${apiKey.name}`}>
            Revoke
          </Button>
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
        {apiKey.keyId}
      </Typography>
      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', my: 1 }} aria-label="Scopes" role="list">
        {apiKey.scopes.map((scope) => (
          <Chip key={scope} role="listitem" size="small" label={scope} sx={{ fontFamily: 'monospace' }} />
        ))}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        Created {day(apiKey.createdAt)}
        {apiKey.createdBy ? ` by ${apiKey.createdBy.name}` : ''}
        {' · '}
        {apiKey.revokedAt
          ? `Revoked ${day(apiKey.revokedAt)}`
          : apiKey.expiresAt
            ? `${apiKey.status === 'expired' ? 'Expired' : 'Expires'} ${day(apiKey.expiresAt)}`
            : 'Never expires'}
        {' · '}
        {apiKey.lastUsedAt ? `Last used ${dateTimeFormat.format(new Date(apiKey.lastUsedAt))}` : 'Never used'}
      </Typography>
    </ListItem>
  );
}

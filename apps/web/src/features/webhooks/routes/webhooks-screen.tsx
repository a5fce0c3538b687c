import AddOutlined from '@mui/icons-material/AddOutlined';
import PauseCircleOutlined from '@mui/icons-material/PauseCircleOutlined';
import PlayCircleOutlined from '@mui/icons-material/PlayCircleOutlined';
import WebhookOutlined from '@mui/icons-material/WebhookOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Collapse from '@mui/material/Collapse';
import Divider from '@mui/material/Divider';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Webhook, WebhookWithSecret } from '@team-access/contract';
import { useId, useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { StatusChip } from '@/components/status-chip.tsx';
import { useAccess } from '@/domain/users/access.ts';
import { useDeleteWebhook, useRotateWebhookSecret, useSendWebhookTest, useUpdateWebhook } from '../api/mutations.ts';
import { webhookQueries } from '../api/queries.ts';
import { SecretDialog } from '../components/secret-dialog.tsx';
import { WebhookDeliveries } from '../components/webhook-deliveries.tsx';
import { WebhookFormDialog } from '../components/webhook-form-dialog.tsx';

const DESCRIPTION =
  'Addresses your own systems listen on: each change they chose is POSTed to them, signed, with who made it and from where.';

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; webhook: Webhook }
  | { kind: 'delete'; webhook: Webhook }
  | { kind: 'rotate'; webhook: Webhook }
  | { kind: 'secret'; url: string; secret: string };

/** The webhooks screen at /webhooks (ADR 050), for OWNERs and ADMINs. */
export function WebhooksScreen() {
  const access = useAccess();
  const list = useQuery({ ...webhookQueries.list(), enabled: access.canManage });
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const close = () => setDialog(undefined);

  if (access.me && !access.canManage) {
    return (
      <PageLayout title="Webhooks" description={DESCRIPTION}>
        <EmptyState
          icon={<WebhookOutlined />}
          title="Only owners and administrators manage webhooks"
          description="Your access level is Member."
        />
      </PageLayout>
    );
  }

  const add = (
    <Button variant="contained" startIcon={<AddOutlined />} onClick={() => setDialog({ kind: 'add' })}>
      Add webhook
    </Button>
  );

  let body: React.ReactNode;
  if (list.isError) {
    body = (
      <LoadError error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching}>
        The webhooks could not be loaded.
      </LoadError>
    );
  } else if (!list.data) {
    body = (
      <Stack spacing={2} role="status" aria-busy="true" aria-label="Loading the webhooks">
        <Skeleton variant="rounded" height={120} />
        <Skeleton variant="rounded" height={120} />
      </Stack>
    );
  } else if (list.data.items.length === 0) {
    body = (
      <EmptyState
        icon={<WebhookOutlined />}
        title="No webhooks yet"
        description="Add one to have changes to members, roles, organizations and invitations sent to your own systems."
      >
        {add}
      </EmptyState>
    );
  } else {
    body = (
      <Stack spacing={2}>
        {list.data.items.map((webhook) => (
          <WebhookCard
            key={webhook.id}
            webhook={webhook}
            onEdit={() => setDialog({ kind: 'edit', webhook })}
            onDelete={() => setDialog({ kind: 'delete', webhook })}
            onRotate={() => setDialog({ kind: 'rotate', webhook })}
          />
        ))}
      </Stack>
    );
  }

  return (
    <PageLayout title="Webhooks" description={DESCRIPTION} actions={list.data?.items.length ? add : undefined}>
      {body}
      {dialog?.kind === 'add' && (
        <WebhookFormDialog
          onClose={close}
          onCreated={(created: WebhookWithSecret) =>
            setDialog({ kind: 'secret', url: created.url, secret: created.secret })
          }
        />
      )}
      {dialog?.kind === 'edit' && <WebhookFormDialog webhook={dialog.webhook} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteDialog webhook={dialog.webhook} onClose={close} />}
      {dialog?.kind === 'rotate' && (
        <RotateDialog
          webhook={dialog.webhook}
          onClose={close}
          onRotated={(secret) => setDialog({ kind: 'secret', url: dialog.webhook.url, secret })}
        />
      )}
      {dialog?.kind === 'secret' && <SecretDialog url={dialog.url} secret={dialog.secret} onClose={close} />}
    </PageLayout>
  );
}

function WebhookCard({
  webhook,
  onEdit,
  onDelete,
  onRotate,
}: {
  webhook: Webhook;
  onEdit: () => void;
  onDelete: () => void;
  onRotate: () => void;
}) {
  const [open, setOpen] = useState(false);
  const deliveriesId = useId();
  const update = useUpdateWebhook();
  const test = useSendWebhookTest();
  const togglePause = () => update.mutate({ webhook, body: { paused: !webhook.paused } });
  return (
    <Card variant="outlined" component="section" aria-label={`Webhook ${webhook.url}`}>
      <CardContent>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography
              component="h2"
              variant="subtitle1"
              sx={{ fontWeight: 600, overflowWrap: 'anywhere', minWidth: 0 }}
            >
              {webhook.url}
            </Typography>
            {webhook.paused ? (
              <StatusChip label="Paused" tone="warning" icon={<PauseCircleOutlined />} />
            ) : (
              <StatusChip label="Active" tone="success" icon={<PlayCircleOutlined />} />
            )}
          </Stack>
          {webhook.description && (
            <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              {webhook.description}
            </Typography>
          )}
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {webhook.events.length} {webhook.events.length === 1 ? 'event' : 'events'}: {webhook.events.join(', ')}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Button size="small" variant="outlined" onClick={() => test.mutate(webhook)} loading={test.isPending}>
              Send test event
            </Button>
            <Button size="small" onClick={togglePause} loading={update.isPending}>
              {webhook.paused ? 'Resume' : 'Pause'}
            </Button>
            <Button size="small" onClick={onEdit}>
              Edit
            </Button>
            <Button size="small" onClick={onRotate}>
              Rotate secret
            </Button>
            <Button size="small" color="error" onClick={onDelete}>
              Delete
            </Button>
            <Box sx={{ flexGrow: 1 }} />
            <Button size="small" aria-expanded={open} aria-controls={deliveriesId} onClick={() => setOpen((o) => !o)}>
              {open ? 'Hide deliveries' : 'Show deliveries'}
            </Button>
          </Stack>
        </Stack>
      </CardContent>
      <Collapse in={open} unmountOnExit>
        <Divider />
        <CardContent id={deliveriesId}>
          <WebhookDeliveries webhookId={webhook.id} url={webhook.url} />
        </CardContent>
      </Collapse>
    </Card>
  );
}

function DeleteDialog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const remove = useDeleteWebhook();
  return (
    <ConfirmDialog
      open
      title={`Delete the webhook ${webhook.url}?`}
      confirmLabel="Delete webhook"
      destructive
      pending={remove.isPending}
      onClose={onClose}
      onConfirm={() => remove.mutate(webhook, { onSuccess: onClose })}
    >
      {webhook.url} will receive no more events, and its delivery log is deleted with it.
    </ConfirmDialog>
  );
}

function RotateDialog({
  webhook,
  onClose,
  onRotated,
}: {
  webhook: Webhook;
  onClose: () => void;
  onRotated: (secret: string) => void;
}) {
  const rotate = useRotateWebhookSecret();
  return (
    <ConfirmDialog
      open
      title={`Rotate the secret of ${webhook.url}?`}
      confirmLabel="Rotate secret"
      pending={rotate.isPending}
      onClose={onClose}
      onConfirm={() => rotate.mutate(webhook, { onSuccess: (answer) => onRotated(answer.secret) })}
    >
      Deliveries from now on are signed with a new secret: the receiver must use it to verify them. The old secret stops
      working at once.
    </ConfirmDialog>
  );
}

import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import PersonOffOutlined from '@mui/icons-material/PersonOffOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import type { User } from '@team-access/contract';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { RowActionsMenu } from '@/components/row-actions-menu.tsx';
import { useAccess } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { errorMessage } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { useDeleteUser, useUpdateUser } from '../api/mutations.ts';
import { SetPasswordDialog } from './set-password-dialog.tsx';
import { UserFormDialog } from './user-form-dialog.tsx';

type Open = 'edit' | 'password' | 'status' | 'delete' | undefined;

/** What can be done to one member, each behind its dialog; actions this person may not take are not offered. */
export function useUserActions(user: User, options: { onDeleted?: () => void } = {}) {
  const access = useAccess();
  const [open, setOpen] = useState<Open>();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const close = () => setOpen(undefined);
  const name = displayName(user);
  const deactivating = user.status === 'active';
  const isSelf = access.me?.id === user.id;

  const items = [
    { key: 'edit' as const, label: 'Edit', icon: <EditOutlined fontSize="small" />, allowed: access.canEdit(user) },
    {
      key: 'status' as const,
      label: deactivating ? 'Deactivate' : 'Activate',
      icon: deactivating ? <PersonOffOutlined fontSize="small" /> : <PersonOutlined fontSize="small" />,
      allowed: access.canEdit(user) && !isSelf && user.status !== 'invited',
    },
    {
      key: 'password' as const,
      label: 'Set password',
      icon: <KeyOutlined fontSize="small" />,
      allowed: access.canEdit(user) && !isSelf,
    },
    {
      key: 'delete' as const,
      label: 'Delete',
      icon: <DeleteOutlined fontSize="small" />,
      allowed: access.canDelete(user),
    },
  ].filter((item) => item.allowed);

  const failed = (error: unknown) => {
    close();
    notify(errorMessage(error), 'error');
  };

  const dialogs = (
    <>
      <UserFormDialog user={user} open={open === 'edit'} onClose={close} />
      {open === 'password' && <SetPasswordDialog user={user} onClose={close} />}
      <ConfirmDialog
        open={open === 'status'}
        title={deactivating ? `Deactivate ${name}?` : `Activate ${name}?`}
        confirmLabel={deactivating ? 'Deactivate' : 'Activate'}
        destructive={deactivating}
        pending={update.isPending}
        onClose={close}
        onConfirm={() =>
          update.mutate(
            {
              user,
              body: { status: deactivating ? 'inactive' : 'active' },
              message: `${name} was ${deactivating ? 'deactivated' : 'activated'}`,
            },
            { onSuccess: close, onError: failed },
          )
        }
      >
        {deactivating
          ? `${user.email} will be signed out everywhere and cannot sign in until activated again. Their permissions are kept.`
          : `${user.email} will be able to sign in again with their password.`}
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'delete'}
        title={`Delete ${name}?`}
        confirmLabel="Delete member"
        destructive
        pending={remove.isPending}
        onClose={close}
        onConfirm={() =>
          remove.mutate(user, {
            onSuccess: () => {
              close();
              options.onDeleted?.();
            },
            onError: failed,
          })
        }
      >
        {user.email} will be removed from the team, with their permissions, and signed out everywhere. This cannot be
        undone.
      </ConfirmDialog>
    </>
  );
  return { items, open: setOpen, dialogs };
}

/** The ⋮ menu of a row. */
export function UserActionsMenu({ user }: { user: User }) {
  const actions = useUserActions(user);
  if (actions.items.length === 0) return null;
  return (
    <>
      <RowActionsMenu
        id={`user-actions-${user.id}`}
        label={`Actions for ${displayName(user)}`}
        actions={actions.items.map((item) => ({
          key: item.key,
          label: item.label,
          icon: item.icon,
          destructive: item.key === 'delete',
          onSelect: () => actions.open(item.key),
        }))}
      />
      {actions.dialogs}
    </>
  );
}

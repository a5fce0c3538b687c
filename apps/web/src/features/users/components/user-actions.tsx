import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import LockResetOutlined from '@mui/icons-material/LockResetOutlined';
import MarkEmailUnreadOutlined from '@mui/icons-material/MarkEmailUnreadOutlined';
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
import { useDeleteUser, useResendVerification, useUpdateUser } from '../api/mutations.ts';
import { SetPasswordDialog } from './set-password-dialog.tsx';
import { UserFormDialog } from './user-form-dialog.tsx';

type Open = 'edit' | 'password' | 'status' | 'require-password' | 'resend' | 'delete' | undefined;

/** What can be done to one member, each behind its dialog; actions this person may not take are not offered. */
export function useUserActions(user: User, options: { onDeleted?: () => void } = {}) {
  const access = useAccess();
  const [open, setOpen] = useState<Open>();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const resend = useResendVerification();
  const requiring = !user.resetPw;
  const unverifiedAddress = user.pendingEmail ?? (user.emailVerified ? null : user.email);
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
      key: 'require-password' as const,
      label: requiring ? 'Require new password' : 'Stop requiring new password',
      icon: <LockResetOutlined fontSize="small" />,
      allowed: access.canRequirePasswordChange(user) && user.status !== 'invited',
    },
    {
      key: 'resend' as const,
      label: 'Resend verification',
      icon: <MarkEmailUnreadOutlined fontSize="small" />,
      allowed: unverifiedAddress !== null && access.canResendVerification(user),
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
        open={open === 'require-password'}
        title={requiring ? `Require a new password from ${name}?` : `Stop requiring a new password from ${name}?`}
        confirmLabel={requiring ? 'Require new password' : 'Stop requiring'}
        pending={update.isPending}
        onClose={close}
        onConfirm={() =>
          update.mutate(
            {
              user,
              body: { resetPw: requiring },
              message: requiring
                ? `${name} must choose a new password at their next sign-in`
                : `${name} no longer has to choose a new password`,
            },
            { onSuccess: close, onError: failed },
          )
        }
      >
        {requiring
          ? `At their next sign-in, ${user.email} must choose a new password before they can do anything else. A session they have open now is asked the same at its next step.`
          : `${user.email} will sign in as usual, keeping their current password.`}
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'resend'}
        title={`Resend the verification link to ${name}?`}
        confirmLabel="Resend link"
        pending={resend.isPending}
        onClose={close}
        onConfirm={() => resend.mutate(user, { onSuccess: close, onError: failed })}
      >
        {`A new link will be mailed to ${unverifiedAddress}; it works once, for 24 hours. Links sent earlier stop working.`}
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

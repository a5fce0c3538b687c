import Alert from '@mui/material/Alert';
import Skeleton from '@mui/material/Skeleton';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { roleQueries } from '@/domain/roles/queries.ts';
import { describeDeletionImpact } from '@/domain/roles/role-rules.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { useDeleteRole } from '../api/mutations.ts';

interface DeleteRoleDialogProps {
  role: Role | undefined;
  onClose: () => void;
  onDeleted?: () => void;
}

/**
 * Deleting a role asks first, with what it takes away: the impact is read fresh when the dialog
 * opens ("12 members lose Journey (12), Billing (3)"), and only then is a role in use deleted with
 * force=true. If members got the role meanwhile, the API refuses (409) and the dialog counts again.
 */
export function DeleteRoleDialog({ role, onClose, onDeleted }: DeleteRoleDialogProps) {
  return role ? <DeleteRole key={role.id} role={role} onClose={onClose} onDeleted={onDeleted} /> : null;
}

function DeleteRole({ role, onClose, onDeleted }: DeleteRoleDialogProps & { role: Role }) {
  const impact = useQuery(roleQueries.deletionImpact(role.id));
  const catalog = useQuery(catalogQueries.catalog());
  const remove = useDeleteRole();
  const [refusal, setRefusal] = useState<string>();
  const described = impact.data ? describeDeletionImpact(impact.data, catalog.data) : undefined;

  const confirm = () => {
    if (!described) return;
    setRefusal(undefined);
    remove.mutate(
      { role, force: described.inUse },
      {
        onSuccess: () => {
          onClose();
          onDeleted?.();
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'role_in_use') {
            setRefusal('Members were given this role meanwhile. Check the new count, then delete again.');
            void impact.refetch();
          } else if (isApiError(error) && error.status === 412) {
            setRefusal('Someone else changed this role meanwhile. Close this and look at it again.');
          } else setRefusal(errorMessage(error));
        },
      },
    );
  };

  return (
    <ConfirmDialog
      open
      title={`Delete role ${role.name}?`}
      confirmLabel={
        described?.inUse ? `Delete and take it from ${impact.data?.memberCount.toLocaleString()}` : 'Delete role'
      }
      destructive
      pending={remove.isPending || (impact.isFetching && !impact.data)}
      onClose={onClose}
      onConfirm={confirm}
    >
      {refusal && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {refusal}
        </Alert>
      )}
      {impact.isError ? (
        <LoadError error={impact.error} onRetry={() => impact.refetch()} retrying={impact.isFetching}>
          What deleting would take away could not be counted.
        </LoadError>
      ) : described ? (
        <>
          <p>{described.sentence}</p>
          <p>The role is deleted for good; permissions granted directly are kept.</p>
        </>
      ) : (
        <span aria-busy="true">
          <Skeleton width="90%" />
          <Skeleton width="60%" />
        </span>
      )}
    </ConfirmDialog>
  );
}

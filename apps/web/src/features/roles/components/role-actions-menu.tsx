import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import OpenInNew from '@mui/icons-material/OpenInNewOutlined';
import type { Role } from '@team-access/contract';
import { RowActionsMenu } from '@/components/row-actions-menu.tsx';
import { paths } from '@/lib/paths.ts';

/** The ⋮ menu of a role's row: open it, or delete it (after the confirm that counts what is lost). */
export function RoleActionsMenu({ role, onDelete }: { role: Role; onDelete?: (role: Role) => void }) {
  return (
    <RowActionsMenu
      id={`role-actions-${role.id}`}
      label={`Actions for ${role.name}`}
      actions={[
        { key: 'open', label: 'Open', icon: <OpenInNew fontSize="small" />, to: paths.role(role.id) },
        ...(onDelete
          ? [
              {
                key: 'delete',
                label: 'Delete',
                icon: <DeleteOutlined fontSize="small" />,
                destructive: true,
                onSelect: () => onDelete(role),
              },
            ]
          : []),
      ]}
    />
  );
}

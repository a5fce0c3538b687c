import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import MoreVert from '@mui/icons-material/MoreVert';
import OpenInNew from '@mui/icons-material/OpenInNewOutlined';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import type { Role } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { paths } from '@/lib/paths.ts';

/** The ⋮ menu of a role's row: open it, or delete it (after the confirm that counts what is lost). */
export function RoleActionsMenu({ role, onDelete }: { role: Role; onDelete?: (role: Role) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = `role-actions-${role.id}`;
  return (
    <>
      <IconButton
        aria-label={`Actions for ${role.name}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        <MoreVert />
      </IconButton>
      <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem component={RouterLink} to={paths.role(role.id)} onClick={() => setAnchor(null)}>
          <ListItemIcon>
            <OpenInNew fontSize="small" />
          </ListItemIcon>
          <ListItemText>Open</ListItemText>
        </MenuItem>
        {onDelete && (
          <MenuItem
            sx={{ color: 'error.main' }}
            onClick={() => {
              setAnchor(null);
              onDelete(role);
            }}
          >
            <ListItemIcon sx={{ color: 'error.main' }}>
              <DeleteOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>Delete</ListItemText>
          </MenuItem>
        )}
      </Menu>
    </>
  );
}

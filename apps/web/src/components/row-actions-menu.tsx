import MoreVert from '@mui/icons-material/MoreVert';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { type ReactNode, useState } from 'react';
import { Link as RouterLink } from 'react-router';

/** One entry of a row's ⋮ menu: a link (`to`) or an action (`onSelect`, called once the menu closed). */
export interface RowAction {
  key: string;
  label: ReactNode;
  icon: ReactNode;
  to?: string;
  onSelect?: () => void;
  /** Shown in the error colour: it deletes, removes or revokes. */
  destructive?: boolean;
  /** A divider above it, setting it apart from the entries before. */
  dividerBefore?: boolean;
  /** Offered but not possible now: the entry is disabled and says why under its label. */
  disabledReason?: string;
}

/** The ⋮ menu of a table row, named "Actions for …", as a menu button. */
export function RowActionsMenu({
  id,
  label,
  actions,
  disabled,
}: {
  /** The menu's id (unique on the page). */
  id: string;
  /** The button's name: "Actions for Ada Lovelace". */
  label: string;
  actions: readonly RowAction[];
  disabled?: boolean;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  return (
    <>
      <IconButton
        aria-label={label}
        aria-haspopup="menu"
        aria-controls={anchor ? id : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        disabled={disabled}
      >
        <MoreVert />
      </IconButton>
      <Menu id={id} anchorEl={anchor} open={anchor !== null} onClose={close}>
        {/* Flat children, no fragments: the menu moves the focus over its direct children. */}
        {actions.flatMap(({ key, label: text, icon, to, onSelect, destructive, dividerBefore, disabledReason }) => {
          const colour = destructive ? { color: 'error.main' } : undefined;
          const select = () => {
            close();
            onSelect?.();
          };
          const content = [
            <ListItemIcon key="icon" sx={colour}>
              {icon}
            </ListItemIcon>,
            <ListItemText
              key="text"
              secondary={disabledReason}
              slotProps={{ secondary: { sx: { whiteSpace: 'normal', maxWidth: 260 } } }}
            >
              {text}
            </ListItemText>,
          ];
          const item = to ? (
            <MenuItem key={key} component={RouterLink} to={to} onClick={select} sx={colour}>
              {content}
            </MenuItem>
          ) : (
            <MenuItem key={key} onClick={select} sx={colour} disabled={disabledReason !== undefined}>
              {content}
            </MenuItem>
          );
          return dividerBefore ? [<Divider key={`${key}-divider`} />, item] : [item];
        })}
      </Menu>
    </>
  );
}

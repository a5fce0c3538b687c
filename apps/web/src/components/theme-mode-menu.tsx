import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { type ThemeMode, themeModes } from './theme-modes.tsx';

interface ThemeModeMenuProps {
  id: string;
  buttonId: string;
  anchor: HTMLElement | null;
  mode: ThemeMode;
  onChoose: (mode: ThemeMode) => void;
  onClose: () => void;
}

/** The choice of light, dark or system theme (loaded on first use: it is not needed to sign in). */
export default function ThemeModeMenu({ id, buttonId, anchor, mode, onChoose, onClose }: ThemeModeMenuProps) {
  return (
    <Menu
      id={id}
      anchorEl={anchor}
      open={anchor !== null}
      onClose={onClose}
      slotProps={{ list: { 'aria-labelledby': buttonId } }}
    >
      {themeModes.map((m) => (
        <MenuItem
          key={m.mode}
          role="menuitemradio"
          aria-checked={m.mode === mode}
          selected={m.mode === mode}
          onClick={() => onChoose(m.mode)}
        >
          <ListItemIcon>{m.icon}</ListItemIcon>
          <ListItemText>{m.label}</ListItemText>
        </MenuItem>
      ))}
    </Menu>
  );
}

import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import SettingsBrightnessOutlined from '@mui/icons-material/SettingsBrightnessOutlined';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useColorScheme } from '@mui/material/styles';
import { type ReactNode, useId, useState } from 'react';

type Mode = 'light' | 'dark' | 'system';

const modes: { mode: Mode; label: string; icon: ReactNode }[] = [
  { mode: 'light', label: 'Light', icon: <LightModeOutlined /> },
  { mode: 'dark', label: 'Dark', icon: <DarkModeOutlined /> },
  { mode: 'system', label: 'System', icon: <SettingsBrightnessOutlined /> },
];

/** Light, dark, or the system's choice; MUI keeps the choice in localStorage. */
export function ThemeModeToggle() {
  const { mode = 'system', setMode } = useColorScheme();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const buttonId = useId();
  const menuId = useId();
  const current = modes.find((m) => m.mode === mode) ?? modes[2];
  const open = anchor !== null;

  const choose = (next: Mode) => {
    setMode(next);
    setAnchor(null);
  };

  return (
    <>
      <IconButton
        id={buttonId}
        color="inherit"
        aria-label="Color theme"
        aria-haspopup="menu"
        aria-controls={open ? menuId : undefined}
        aria-expanded={open}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        {current?.icon}
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={open}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-labelledby': buttonId } }}
      >
        {modes.map((m) => (
          <MenuItem
            key={m.mode}
            role="menuitemradio"
            aria-checked={m.mode === mode}
            selected={m.mode === mode}
            onClick={() => choose(m.mode)}
          >
            <ListItemIcon>{m.icon}</ListItemIcon>
            <ListItemText>{m.label}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

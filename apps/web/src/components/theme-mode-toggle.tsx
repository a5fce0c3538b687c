import IconButton from '@mui/material/IconButton';
import { useColorScheme } from '@mui/material/styles';
import { lazy, Suspense, useId, useState } from 'react';
import { type ThemeMode, themeModes } from './theme-modes.tsx';

const ThemeModeMenu = lazy(() => import('./theme-mode-menu.tsx'));

/** Light, dark, or the system's choice; MUI keeps the choice in localStorage. */
export function ThemeModeToggle() {
  const { mode = 'system', setMode } = useColorScheme();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // The menu's code loads the first time it is opened, and stays mounted after (for its transitions).
  const [menuWanted, setMenuWanted] = useState(false);
  const buttonId = useId();
  const menuId = useId();
  const current = themeModes.find((m) => m.mode === mode) ?? themeModes[2];
  const open = anchor !== null;

  const choose = (next: ThemeMode) => {
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
        onClick={(event) => {
          setMenuWanted(true);
          setAnchor(event.currentTarget);
        }}
      >
        {current?.icon}
      </IconButton>
      {menuWanted && (
        <Suspense fallback={null}>
          <ThemeModeMenu
            id={menuId}
            buttonId={buttonId}
            anchor={anchor}
            mode={mode}
            onChoose={choose}
            onClose={() => setAnchor(null)}
          />
        </Suspense>
      )}
    </>
  );
}

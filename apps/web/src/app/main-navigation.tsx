import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { NavLink } from 'react-router';
import type { Screen } from './navigation.tsx';

/** The list of screens; the current one is marked (aria-current="page") and highlighted. */
export function MainNavigation({ screens, onNavigate }: { screens: Screen[]; onNavigate?: () => void }) {
  return (
    <nav aria-label="Main navigation">
      <List>
        {screens.map((screen) => (
          <li key={screen.path}>
            <ListItemButton
              component={NavLink}
              to={screen.path}
              onClick={onNavigate}
              sx={{
                mx: 1,
                borderRadius: 1,
                '&.active': {
                  bgcolor: 'action.selected',
                  color: 'primary.main',
                  '& .MuiListItemIcon-root': { color: 'primary.main' },
                  '& .MuiListItemText-primary': { fontWeight: 600 },
                },
              }}
            >
              <ListItemIcon sx={{ minWidth: 40 }}>{screen.icon}</ListItemIcon>
              <ListItemText primary={screen.label} />
            </ListItemButton>
          </li>
        ))}
      </List>
    </nav>
  );
}

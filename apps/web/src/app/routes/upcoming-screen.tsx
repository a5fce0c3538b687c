import CheckCircleOutline from '@mui/icons-material/CheckCircleOutlineOutlined';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { useMatches } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import type { Screen } from '../navigation.tsx';

/** A screen whose features are still being built: it says what will be there. */
export function UpcomingScreen() {
  const match = useMatches().at(-1);
  const screen = (match?.handle as { screen?: Screen } | undefined)?.screen;
  if (!screen) throw new Error(`No screen is configured for ${match?.pathname ?? 'this route'}.`);
  return (
    <PageLayout title={screen.label} description={screen.summary}>
      <EmptyState
        icon={screen.icon}
        title={`${screen.label} is coming soon`}
        description="This screen is being built. Here is what you will be able to do on it:"
      >
        <List dense disablePadding>
          {screen.capabilities.map((capability) => (
            <ListItem key={capability} disableGutters>
              <ListItemIcon sx={{ minWidth: 36, color: 'success.main' }}>
                <CheckCircleOutline fontSize="small" aria-hidden />
              </ListItemIcon>
              <ListItemText primary={capability} />
            </ListItem>
          ))}
        </List>
      </EmptyState>
    </PageLayout>
  );
}

import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import { useTheme } from '@mui/material/styles';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useQuery } from '@tanstack/react-query';
import { mustSetUpTwoStep } from '@team-access/contract';
import { useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { SkipLink } from '@/components/skip-link.tsx';
import { ThemeModeToggle } from '@/components/theme-mode-toggle.tsx';
import { AccountMenu } from '@/features/auth/components/account-menu.tsx';
import { errorMessage } from '@/lib/api-client.ts';
import { paths } from '@/lib/paths.ts';
import { HOME_PATH, signInPath } from '@/lib/redirect.ts';
import { sessionQueries } from '@/lib/session.ts';
import { MainNavigation } from '../main-navigation.tsx';
import { useScreenAccess } from '../screen-access.tsx';
import { NotAvailableScreen } from './not-available.tsx';

const DRAWER_WIDTH = 240;

/** The session could not be read (the BFF or the IAM API is down): say so, and offer to retry. */
function SessionUnavailable({ error, retry, retrying }: { error: unknown; retry: () => void; retrying: boolean }) {
  return (
    <Box component="main" id="main" sx={{ minHeight: '100dvh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, maxWidth: 520 }}>
        <title>Team Access is unavailable</title>
        <Typography variant="h1" gutterBottom>
          Team Access is unavailable
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {errorMessage(error)}
        </Typography>
        <Button variant="contained" onClick={retry} loading={retrying}>
          Try again
        </Button>
      </Paper>
    </Box>
  );
}

/**
 * The frame of every screen for a signed-in person: app bar with the account menu, the main
 * navigation, and the screen. Nobody signed in is sent to sign in, and comes back here after.
 */
export function AppShell() {
  const location = useLocation();
  const session = useQuery(sessionQueries.current());
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const [drawerOpen, setDrawerOpen] = useState(false);
  const resetPw = session.data?.user.resetPw === true;
  const setUpTwoStep = session.data ? mustSetUpTwoStep(session.data.user) : false;
  // Nothing of the app is read for someone who must choose a new password or set up two-step first.
  const access = useScreenAccess(resetPw || setUpTwoStep ? undefined : session.data?.user);

  if (session.isPending || access.pending) return <FullPageProgress />;
  if (session.isError && session.data === undefined) {
    return <SessionUnavailable error={session.error} retry={() => session.refetch()} retrying={session.isFetching} />;
  }
  if (!session.data) return <Navigate to={signInPath(location)} replace />;
  if (resetPw) return <Navigate to={paths.choosePassword} replace />;
  if (setUpTwoStep) return <Navigate to={paths.setUpTwoStep} replace />;

  const navigation = <MainNavigation screens={access.navigation} onNavigate={() => setDrawerOpen(false)} />;
  // A screen this person may not use is not reachable by address either; the usual start page
  // (where sign-in lands) becomes theirs.
  let content = <Outlet />;
  if (location.pathname === HOME_PATH) content = <Navigate to={access.home} replace />;
  else if (!access.allows(location.pathname)) {
    content =
      location.pathname === paths.users ? (
        <Navigate to={access.home} replace />
      ) : (
        <NotAvailableScreen home={access.navigation[0]} />
      );
  }

  return (
    <Box sx={{ display: 'flex', minHeight: '100dvh', bgcolor: 'background.default' }}>
      <SkipLink />
      <AppBar position="fixed" sx={{ zIndex: theme.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 1 }}>
          {!wide && (
            <IconButton
              color="inherit"
              edge="start"
              aria-label="Open navigation"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
            >
              <MenuIcon />
            </IconButton>
          )}
          <Typography component="p" variant="h6" sx={{ fontWeight: 700, flexGrow: 1 }}>
            Team Access
          </Typography>
          <ThemeModeToggle />
          <AccountMenu session={session.data} />
        </Toolbar>
      </AppBar>
      <Drawer
        variant={wide ? 'permanent' : 'temporary'}
        open={wide || drawerOpen}
        onClose={() => setDrawerOpen(false)}
        sx={{
          width: wide ? DRAWER_WIDTH : undefined,
          flexShrink: 0,
          '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar />
        {navigation}
      </Drawer>
      <Box
        component="main"
        id="main"
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, p: { xs: 2, sm: 3 }, outline: 'none' }}
      >
        <Toolbar />
        {content}
      </Box>
    </Box>
  );
}

import LockOutlined from '@mui/icons-material/LockOutlined';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { ThemeModeToggle } from '@/components/theme-mode-toggle.tsx';
import { isSignedOutState, replaceSession } from '@/features/auth/api/mutations.ts';
import { sessionQueries } from '@/features/auth/api/queries.ts';
import { SignInForm } from '@/features/auth/components/sign-in-form.tsx';
import { HOME_PATH, safeNextPath } from '@/lib/redirect.ts';

/** The sign-in page; someone already signed in goes straight to where they were headed. */
export function SignInRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useQuery(sessionQueries.current());
  const queryClient = useQueryClient();
  const justSignedOut = isSignedOutState(useLocation().state);
  const next = safeNextPath(searchParams.get('next')) ?? HOME_PATH;

  // Arrived here by signing out: forget that person (and everything cached for them) now.
  useEffect(() => {
    if (justSignedOut) replaceSession(queryClient, null);
  }, [justSignedOut, queryClient]);

  if (session.isPending || (justSignedOut && session.data)) return <FullPageProgress />;
  if (session.data) return <Navigate to={next} replace />;

  return (
    <Box sx={{ minHeight: '100dvh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <title>Sign in · Team Access</title>
      <Box component="header" sx={{ display: 'flex', justifyContent: 'flex-end', p: 1 }}>
        <ThemeModeToggle />
      </Box>
      <Box component="main" id="main" sx={{ flex: 1, display: 'grid', placeItems: 'center', px: 2, pb: 8 }}>
        <Card sx={{ width: '100%', maxWidth: 420 }}>
          <CardContent sx={{ p: { xs: 3, sm: 4 } }}>
            <Stack spacing={1} sx={{ alignItems: 'center', mb: 3, textAlign: 'center' }}>
              <Box
                aria-hidden
                sx={{
                  display: 'grid',
                  placeItems: 'center',
                  width: 48,
                  height: 48,
                  borderRadius: '50%',
                  bgcolor: 'primary.main',
                  color: 'primary.contrastText',
                }}
              >
                <LockOutlined />
              </Box>
              <Typography variant="h1">Sign in</Typography>
              <Typography color="text.secondary">to manage your team in Team Access</Typography>
            </Stack>
            <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}

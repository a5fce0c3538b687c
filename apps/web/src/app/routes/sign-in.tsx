import LockOutlined from '@mui/icons-material/LockOutlined';
import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Link as RouterLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { isSignedOutState, replaceSession } from '@/features/auth/api/mutations.ts';
import { PublicPage } from '@/features/auth/components/public-page.tsx';
import { SignInForm } from '@/features/auth/components/sign-in-form.tsx';
import { signInNoticeOf } from '@/features/auth/sign-in-notice.ts';
import { paths } from '@/lib/paths.ts';
import { HOME_PATH, safeNextPath } from '@/lib/redirect.ts';
import { sessionQueries } from '@/lib/session.ts';

/**
 * The sign-in page; someone already signed in goes straight to where they were headed, unless they
 * arrive from a mailed link (a new account, a new password): then they may sign in as that account.
 */
export function SignInRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useQuery(sessionQueries.current());
  const queryClient = useQueryClient();
  const location = useLocation();
  const justSignedOut = isSignedOutState(location.state);
  const notice = signInNoticeOf(location.state);
  const next = safeNextPath(searchParams.get('next')) ?? HOME_PATH;

  // Arrived here by signing out: forget that person (and everything cached for them) now.
  useEffect(() => {
    if (justSignedOut) replaceSession(queryClient, null);
  }, [justSignedOut, queryClient]);

  if (session.isPending || (justSignedOut && session.data)) return <FullPageProgress />;
  if (session.data && !notice) return <Navigate to={next} replace />;

  return (
    <PublicPage
      title="Sign in"
      icon={<LockOutlined />}
      heading="Sign in"
      lead="to manage your team in Team Access"
      width={420}
    >
      <Stack spacing={2.5}>
        {notice && (
          <Alert severity="success" role="status">
            {notice.message}
          </Alert>
        )}
        {notice && session.data && (
          <Typography variant="body2" color="text.secondary">
            You are signed in as {session.data.user.email}. Signing in here ends that session, or{' '}
            <Link component={RouterLink} to={next} replace>
              continue as {session.data.user.email}
            </Link>
            .
          </Typography>
        )}
        <SignInForm onSignedIn={() => navigate(next, { replace: true })} defaultEmail={notice?.email} />
        <Typography variant="body2" sx={{ textAlign: 'center' }}>
          <Link component={RouterLink} to={paths.forgotPassword}>
            Forgot password?
          </Link>
        </Typography>
      </Stack>
    </PublicPage>
  );
}

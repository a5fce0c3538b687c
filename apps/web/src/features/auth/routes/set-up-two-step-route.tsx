import PhonelinkLockOutlined from '@mui/icons-material/PhonelinkLockOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { mustSetUpTwoStep } from '@team-access/contract';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { AddPasskeyDialog } from '@/domain/two-step/components/add-passkey-dialog.tsx';
import { SetUpAuthenticatorDialog } from '@/domain/two-step/components/set-up-authenticator-dialog.tsx';
import { HOME_PATH, SIGN_IN_PATH } from '@/lib/redirect.ts';
import { sessionQueries } from '@/lib/session.ts';
import { useSignOut } from '../api/mutations.ts';
import { PublicPage } from '../components/public-page.tsx';

const TITLE = 'Set up two-step sign-in';

/**
 * /set-up-two-step: where someone lands right after their password when the account's policy asks
 * them for a second factor and they have none (ADR 031). Nothing else opens until it is set up
 * (the IAM refuses every other call); the recovery codes are shown before the app opens.
 */
export function SetUpTwoStepRoute() {
  const session = useQuery(sessionQueries.current());
  const [settingUp, setSettingUp] = useState<'app' | 'passkey' | null>(null);
  const signOut = useSignOut();
  if (session.isPending) return <FullPageProgress />;
  if (!session.data) return <Navigate to={SIGN_IN_PATH} replace />;
  const { user } = session.data;
  // Set up (or no longer asked): the app opens, once the dialog with the recovery codes is closed.
  if (!mustSetUpTwoStep(user) && settingUp === null) return <Navigate to={HOME_PATH} replace />;

  return (
    <PublicPage
      title={TITLE}
      icon={<PhonelinkLockOutlined />}
      heading={TITLE}
      lead={
        <>
          Your account requires a second step at sign-in for{' '}
          <Box component="strong" sx={{ color: 'text.primary', overflowWrap: 'anywhere' }}>
            {user.email}
          </Box>
          . Set it up to continue.
        </>
      }
    >
      <Stack spacing={2.5}>
        <Typography variant="body2" color="text.secondary">
          Use a passkey (this device's fingerprint, face or screen lock, or a security key), or a phone with an
          authenticator app. After this, signing in asks for your password and then for it.
        </Typography>
        <Button variant="contained" size="large" fullWidth autoFocus onClick={() => setSettingUp('passkey')}>
          Add a passkey
        </Button>
        <Button variant="outlined" size="large" fullWidth onClick={() => setSettingUp('app')}>
          Set up an authenticator app
        </Button>
        <Button variant="text" fullWidth onClick={() => signOut.mutate()} loading={signOut.isPending}>
          Sign out instead
        </Button>
      </Stack>
      {settingUp === 'app' && <SetUpAuthenticatorDialog email={user.email} onClose={() => setSettingUp(null)} />}
      {settingUp === 'passkey' && <AddPasskeyDialog email={user.email} onClose={() => setSettingUp(null)} />}
    </PublicPage>
  );
}

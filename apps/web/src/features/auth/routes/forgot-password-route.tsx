import KeyOutlined from '@mui/icons-material/KeyOutlined';
import MarkEmailReadOutlined from '@mui/icons-material/MarkEmailReadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { PASSWORD_RESET_TTL_MINUTES } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { ForgotPasswordForm } from '../components/forgot-password-form.tsx';
import { PublicPage } from '../components/public-page.tsx';

const TITLE = 'Forgot your password';
const LINK_LIFETIME = PASSWORD_RESET_TTL_MINUTES === 60 ? '1 hour' : `${PASSWORD_RESET_TTL_MINUTES} minutes`;

/**
 * /forgot-password: asks for a reset link. The answer is the same whether or not the address has an
 * account, so the page never tells who has one.
 */
export function ForgotPasswordRoute() {
  // Kept across "Use another email", so a typo can be fixed rather than typed again.
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);

  if (sent) {
    return (
      <PublicPage key="sent" title={TITLE} icon={<MarkEmailReadOutlined />} heading="Check your email" focusHeading>
        <Typography sx={{ mb: 1, textAlign: 'center' }} role="status">
          If an account exists for{' '}
          <Box component="strong" sx={{ overflowWrap: 'anywhere' }}>
            {email}
          </Box>
          , we sent a link to choose a new password. It works for {LINK_LIFETIME}.
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 3, textAlign: 'center' }}>
          Nothing after a few minutes? Look in your spam folder, or check the address and send again.
        </Typography>
        <Stack spacing={1.5}>
          <Button component={RouterLink} to={SIGN_IN_PATH} variant="contained" size="large" fullWidth>
            Back to sign in
          </Button>
          <Button variant="outlined" size="large" fullWidth onClick={() => setSent(false)}>
            Use another email
          </Button>
        </Stack>
      </PublicPage>
    );
  }

  return (
    <PublicPage
      key="form"
      title={TITLE}
      icon={<KeyOutlined />}
      heading="Forgot password?"
      lead="Enter the email you sign in with. We will send you a link to choose a new password."
    >
      <ForgotPasswordForm
        defaultEmail={email}
        onRequested={(requested) => {
          setEmail(requested);
          setSent(true);
        }}
      />
      <Typography variant="body2" sx={{ mt: 3, textAlign: 'center' }}>
        <Link component={RouterLink} to={SIGN_IN_PATH}>
          Back to sign in
        </Link>
      </Typography>
    </PublicPage>
  );
}

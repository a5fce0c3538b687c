import MarkEmailReadOutlined from '@mui/icons-material/MarkEmailReadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link as RouterLink } from 'react-router';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { emailVerificationApi } from '../api/public-links-api.ts';
import { LinkCheckingPage } from '../components/link-checking-page.tsx';
import { LinkCheckFailedPage, LinkProblemPage } from '../components/link-problem-page.tsx';
import { PublicPage } from '../components/public-page.tsx';
import { linkProblemOf, tokenProblem } from '../link-problems.ts';
import { useLinkToken } from '../use-link-token.ts';

const TITLE = 'Confirm your email address';

/**
 * /verify-email#token=…: the page a verification mail links to. Following the link is the
 * confirmation (it works once), so the page sends it once when it opens, and shows what happened.
 */
export function VerifyEmailRoute() {
  const token = useLinkToken();
  if (token === null || tokenProblem(token)) return <LinkProblemPage kind="email-verification" code="link_invalid" />;
  return <VerifyEmail token={token} />;
}

function VerifyEmail({ token }: { token: string }) {
  // The page shows every outcome itself: no toast.
  const verify = useMutation({ mutationFn: emailVerificationApi.verify, meta: { silent: true } });
  const sent = useRef(false);
  const { mutate } = verify;
  useEffect(() => {
    // Once per page visit (a second call would answer "already used").
    if (sent.current) return;
    sent.current = true;
    mutate(token);
  }, [mutate, token]);

  if (verify.isError) {
    const code = linkProblemOf(verify.error);
    if (code) return <LinkProblemPage kind="email-verification" code={code} />;
    return (
      <LinkCheckFailedPage
        kind="email-verification"
        error={verify.error}
        onRetry={() => mutate(token)}
        retrying={verify.isPending}
      />
    );
  }
  if (!verify.data) {
    return <LinkCheckingPage title={TITLE} icon={<MarkEmailReadOutlined />} label="Confirming your email address…" />;
  }
  const { email, outcome } = verify.data;
  return (
    <PublicPage
      title={TITLE}
      icon={<MarkEmailReadOutlined />}
      heading={outcome === 'changed' ? 'Your email address is changed' : 'Your email address is confirmed'}
      lead={
        <Box component="strong" sx={{ color: 'text.primary', overflowWrap: 'anywhere' }}>
          {email}
        </Box>
      }
      focusHeading
    >
      <Typography sx={{ mb: 3, textAlign: 'center' }}>
        {outcome === 'changed'
          ? 'Sign in with this address from now on; your password stays the same.'
          : 'Thank you. Nothing else is needed.'}
      </Typography>
      <Button component={RouterLink} to={SIGN_IN_PATH} variant="contained" size="large" fullWidth>
        Go to sign in
      </Button>
    </PublicPage>
  );
}

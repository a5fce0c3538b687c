import LockResetOutlined from '@mui/icons-material/LockResetOutlined';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { sessionQueries } from '@/lib/session.ts';
import { linkQueries } from '../api/public-links.ts';
import { LinkCheckingPage } from '../components/link-checking-page.tsx';
import { LinkCheckFailedPage, LinkProblemPage } from '../components/link-problem-page.tsx';
import { PublicPage } from '../components/public-page.tsx';
import { ResetPasswordForm } from '../components/reset-password-form.tsx';
import { expiryMoment, timeUntil } from '../expiry.ts';
import { type LinkProblemCode, linkProblemOf, tokenProblem } from '../link-problems.ts';
import { PASSWORD_CHANGED_MESSAGE, signInNoticeState } from '../sign-in-notice.ts';
import { useLinkToken } from '../use-link-token.ts';

const TITLE = 'Reset your password';

/** /reset-password#token=…: the page a reset mail links to. Needs no session, and a session does not send it away. */
export function ResetPasswordRoute() {
  const token = useLinkToken();
  if (token === null || tokenProblem(token)) return <LinkProblemPage kind="password-reset" code="link_invalid" />;
  return <ResetPassword token={token} />;
}

function ResetPassword({ token }: { token: string }) {
  const lookup = useQuery(linkQueries.passwordReset(token));
  const [problem, setProblem] = useState<LinkProblemCode | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (lookup.isPending) {
    return <LinkCheckingPage title={TITLE} icon={<LockResetOutlined />} label="Checking your reset link…" />;
  }
  if (lookup.isError) {
    const code = linkProblemOf(lookup.error);
    if (code) return <LinkProblemPage kind="password-reset" code={code} />;
    return (
      <LinkCheckFailedPage
        kind="password-reset"
        error={lookup.error}
        onRetry={() => void lookup.refetch()}
        retrying={lookup.isFetching}
      />
    );
  }
  if (problem) return <LinkProblemPage kind="password-reset" code={problem} />;

  const { email } = lookup.data;
  const expiresAt = new Date(lookup.data.expiresAt);
  const now = new Date();
  const onReset = () => {
    // Every session of this account has ended: whoever this browser had signed in is asked again.
    void queryClient.invalidateQueries({ queryKey: sessionQueries.all() });
    void navigate(SIGN_IN_PATH, {
      replace: true,
      state: signInNoticeState({ email, message: PASSWORD_CHANGED_MESSAGE }),
    });
  };

  return (
    <PublicPage
      title={TITLE}
      icon={<LockResetOutlined />}
      heading="Set a new password"
      lead={
        <>
          for{' '}
          <Box component="strong" sx={{ color: 'text.primary', overflowWrap: 'anywhere' }}>
            {email}
          </Box>
        </>
      }
    >
      <Typography variant="body2" color="text.secondary" sx={{ mb: 3, textAlign: 'center' }}>
        This link works until {expiryMoment(expiresAt, now)} ({timeUntil(expiresAt, now)}). Setting a new password signs
        you out everywhere.
      </Typography>
      <ResetPasswordForm token={token} email={email} onReset={onReset} onLinkProblem={setProblem} />
    </PublicPage>
  );
}

import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CloudOffOutlined from '@mui/icons-material/CloudOffOutlined';
import HourglassDisabledOutlined from '@mui/icons-material/HourglassDisabledOutlined';
import LinkOffOutlined from '@mui/icons-material/LinkOffOutlined';
import TaskAltOutlined from '@mui/icons-material/TaskAltOutlined';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { errorMessage } from '@/lib/api-client.ts';
import { paths } from '@/lib/paths.ts';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import type { LinkProblemCode } from '../link-problems.ts';
import { PublicPage } from './public-page.tsx';

/** Which mailed link: an invitation, a password reset, or an email verification. */
export type LinkKind = 'invitation' | 'password-reset' | 'email-verification';

interface ProblemCopy {
  icon: ReactNode;
  tone: 'primary' | 'warning' | 'error';
  heading: string;
  text: string;
  /**
   * The main way on (a filled button; the other, if any, is outlined), or none: the text says what
   * to do (ask the inviter), and signing in is only offered on the side.
   */
  next: 'sign-in' | 'new-link' | null;
}

const signIn = { label: 'Go to sign in', to: SIGN_IN_PATH };
const newLink = { label: 'Request a new link', to: paths.forgotPassword };

const invitationProblems: Record<LinkProblemCode, ProblemCopy> = {
  link_invalid: {
    icon: <LinkOffOutlined />,
    tone: 'error',
    heading: 'This invitation link does not work',
    text: 'It may have been cut short or mistyped. Open it again from the email, all of it. If it still does not work, ask the person who invited you to send a new invitation.',
    next: null,
  },
  link_expired: {
    icon: <HourglassDisabledOutlined />,
    tone: 'warning',
    heading: 'This invitation has expired',
    text: 'Invitations work for a limited time. Ask the person who invited you to send a new one: its email will have a new link.',
    next: null,
  },
  link_revoked: {
    icon: <BlockOutlined />,
    tone: 'warning',
    heading: 'This invitation was withdrawn',
    text: 'It was taken back, or the person who sent it can no longer give the access it offers, so it can no longer be accepted. If you still need access, ask them for a new invitation.',
    next: null,
  },
  link_used: {
    icon: <TaskAltOutlined />,
    tone: 'primary',
    heading: 'This invitation was already accepted',
    text: 'An invitation works once. If you accepted it, sign in with your email address and password.',
    next: 'sign-in',
  },
};

const resetProblems: Record<LinkProblemCode, ProblemCopy> = {
  link_invalid: {
    icon: <LinkOffOutlined />,
    tone: 'error',
    heading: 'This reset link does not work',
    text: 'It may have been cut short or mistyped. Open it again from the email, all of it, or request a new link.',
    next: 'new-link',
  },
  link_expired: {
    icon: <HourglassDisabledOutlined />,
    tone: 'warning',
    heading: 'This reset link has expired',
    text: 'A reset link works for 1 hour. Request a new one; it is mailed right away.',
    next: 'new-link',
  },
  // A reset link is never withdrawn; should the API say so, it reads like an expired one.
  link_revoked: {
    icon: <HourglassDisabledOutlined />,
    tone: 'warning',
    heading: 'This reset link no longer works',
    text: 'Request a new one; it is mailed right away.',
    next: 'new-link',
  },
  link_used: {
    icon: <TaskAltOutlined />,
    tone: 'primary',
    heading: 'This reset link was already used',
    text: 'A reset link works once. If you just changed your password, sign in with the new one. If you did not, request a new link.',
    next: 'sign-in',
  },
};

const verificationProblems: Record<LinkProblemCode, ProblemCopy> = {
  link_invalid: {
    icon: <LinkOffOutlined />,
    tone: 'error',
    heading: 'This verification link does not work',
    text: 'It may have been cut short or mistyped. Open it again from the email, all of it. If it still does not work, ask your administrator to send a new link.',
    next: null,
  },
  link_expired: {
    icon: <HourglassDisabledOutlined />,
    tone: 'warning',
    heading: 'This verification link has expired',
    text: 'A verification link works for 24 hours. Ask your administrator to send a new one.',
    next: null,
  },
  link_revoked: {
    icon: <BlockOutlined />,
    tone: 'warning',
    heading: 'This verification link was replaced',
    text: 'A newer link was sent, or the address changed since. Use the link in the newest email.',
    next: null,
  },
  link_used: {
    icon: <TaskAltOutlined />,
    tone: 'primary',
    heading: 'This address was already confirmed',
    text: 'A verification link works once, and this one has done its work. Sign in as usual.',
    next: 'sign-in',
  },
};

const problemsByKind: Record<LinkKind, Record<LinkProblemCode, ProblemCopy>> = {
  invitation: invitationProblems,
  'password-reset': resetProblems,
  'email-verification': verificationProblems,
};

const pageTitles: Record<LinkKind, string> = {
  invitation: 'Invitation',
  'password-reset': 'Reset your password',
  'email-verification': 'Confirm your email address',
};

/** A whole page for a link that cannot be used, saying why and what to do next. */
export function LinkProblemPage({ kind, code }: { kind: LinkKind; code: LinkProblemCode }) {
  const copy = problemsByKind[kind][code];
  const offersNewLink = kind === 'password-reset';
  const [main, other] =
    copy.next === 'new-link'
      ? [newLink, signIn]
      : copy.next === 'sign-in'
        ? [signIn, offersNewLink ? newLink : null]
        : [null, signIn];
  return (
    <PublicPage title={pageTitles[kind]} icon={copy.icon} tone={copy.tone} heading={copy.heading}>
      <Typography sx={{ mb: 3, textAlign: 'center' }}>{copy.text}</Typography>
      <Stack spacing={1.5}>
        {main && (
          <Button component={RouterLink} to={main.to} variant="contained" size="large" fullWidth>
            {main.label}
          </Button>
        )}
        {other && (
          <Button component={RouterLink} to={other.to} variant="outlined" size="large" fullWidth>
            {other.label}
          </Button>
        )}
      </Stack>
    </PublicPage>
  );
}

interface LinkCheckFailedPageProps {
  kind: LinkKind;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}

/** The link could not be checked (the service is down or slow): say so, and offer Try again. */
export function LinkCheckFailedPage({ kind, error, onRetry, retrying }: LinkCheckFailedPageProps) {
  const what = {
    invitation: 'Your invitation',
    'password-reset': 'Your reset link',
    'email-verification': 'Your verification link',
  }[kind];
  return (
    <PublicPage
      title={pageTitles[kind]}
      icon={<CloudOffOutlined />}
      tone="error"
      heading={`${what} could not be checked`}
    >
      <Typography sx={{ mb: 1, textAlign: 'center' }}>{errorMessage(error)}</Typography>
      <Typography color="text.secondary" sx={{ mb: 3, textAlign: 'center' }}>
        Nothing was changed: the link stays as it was.
      </Typography>
      <Stack spacing={1.5}>
        <Button variant="contained" size="large" fullWidth onClick={onRetry} loading={retrying}>
          Try again
        </Button>
        <Button component={RouterLink} to={SIGN_IN_PATH} variant="outlined" size="large" fullWidth>
          Go to sign in
        </Button>
      </Stack>
    </PublicPage>
  );
}

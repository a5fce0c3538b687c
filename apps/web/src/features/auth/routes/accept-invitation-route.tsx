import GroupAddOutlined from '@mui/icons-material/GroupAddOutlined';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcceptInvitationResult, InvitationPreview } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { sessionQueries } from '@/lib/session.ts';
import { linkQueries } from '../api/public-links.ts';
import { AcceptInvitationForm } from '../components/accept-invitation-form.tsx';
import { InvitationDetails, invitationSentence } from '../components/invitation-details.tsx';
import { JoinOrganization } from '../components/join-organization.tsx';
import { LinkCheckingPage } from '../components/link-checking-page.tsx';
import { LinkCheckFailedPage, LinkProblemPage } from '../components/link-problem-page.tsx';
import { PublicPage } from '../components/public-page.tsx';
import { type LinkProblemCode, linkProblemOf, tokenProblem } from '../link-problems.ts';
import { ACCOUNT_CREATED_MESSAGE, joinedMessage, signInNoticeState } from '../sign-in-notice.ts';
import { useLinkToken } from '../use-link-token.ts';

const TITLE = 'Accept your invitation';

/**
 * /invitations/accept#token=…: the page an invitation mail links to. It shows who invited whom to
 * what, then lets someone new create their account, or someone with an account join the
 * organization. Needs no session, and a session does not send it away.
 */
export function AcceptInvitationRoute() {
  const token = useLinkToken();
  if (token === null || tokenProblem(token)) return <LinkProblemPage kind="invitation" code="link_invalid" />;
  return <AcceptInvitation token={token} />;
}

function AcceptInvitation({ token }: { token: string }) {
  const lookup = useQuery(linkQueries.invitation(token));
  const [problem, setProblem] = useState<LinkProblemCode | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (lookup.isPending) {
    return <LinkCheckingPage title={TITLE} icon={<GroupAddOutlined />} label="Checking your invitation…" />;
  }
  if (lookup.isError) {
    const code = linkProblemOf(lookup.error);
    if (code) return <LinkProblemPage kind="invitation" code={code} />;
    return (
      <LinkCheckFailedPage
        kind="invitation"
        error={lookup.error}
        onRetry={() => void lookup.refetch()}
        retrying={lookup.isFetching}
      />
    );
  }
  if (problem) return <LinkProblemPage kind="invitation" code={problem} />;

  const preview = lookup.data;
  const where = preview.organization?.name ?? preview.tenantName;
  const onAccepted = (result: AcceptInvitationResult) => {
    // Whoever this browser has signed in (perhaps the person who sent the invitation) is asked again.
    void queryClient.invalidateQueries({ queryKey: sessionQueries.all() });
    const message =
      result.outcome === 'created' ? ACCOUNT_CREATED_MESSAGE : joinedMessage(result.organization?.name ?? where);
    void navigate(SIGN_IN_PATH, { replace: true, state: signInNoticeState({ email: result.email, message }) });
  };

  return (
    <PublicPage
      title={TITLE}
      icon={<GroupAddOutlined />}
      heading={`Join ${where}`}
      lead={invitationSentence(preview)}
      width={520}
    >
      <InvitationDetails preview={preview} now={new Date()} />
      <InvitationAnswer preview={preview} token={token} onAccepted={onAccepted} onLinkProblem={setProblem} />
    </PublicPage>
  );
}

interface InvitationAnswerProps {
  preview: InvitationPreview;
  token: string;
  onAccepted: (result: AcceptInvitationResult) => void;
  onLinkProblem: (code: LinkProblemCode) => void;
}

/** What the invitee can do: create an account, join with the one they have, or (nothing to join) sign in. */
function InvitationAnswer({ preview, token, onAccepted, onLinkProblem }: InvitationAnswerProps) {
  if (!preview.accountExists) {
    return (
      <AcceptInvitationForm token={token} email={preview.email} onAccepted={onAccepted} onLinkProblem={onLinkProblem} />
    );
  }
  if (preview.organization) {
    return (
      <JoinOrganization
        token={token}
        email={preview.email}
        organizationName={preview.organization.name}
        onAccepted={onAccepted}
        onLinkProblem={onLinkProblem}
      />
    );
  }
  // An account in the tenant, and no organization to join: accepting would change nothing.
  return (
    <>
      <Typography sx={{ mb: 3 }}>
        You already have an account for <strong>{preview.email}</strong> at {preview.tenantName}, so there is nothing to
        accept. Sign in as usual.
      </Typography>
      <Button component={RouterLink} to={SIGN_IN_PATH} variant="contained" size="large" fullWidth>
        Go to sign in
      </Button>
    </>
  );
}

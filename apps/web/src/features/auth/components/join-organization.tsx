import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AcceptInvitationResult } from '@team-access/contract';
import { errorMessage } from '@/lib/api-client.ts';
import { useAcceptInvitation } from '../api/public-links.ts';
import { type LinkProblemCode, linkProblemOf } from '../link-problems.ts';

interface JoinOrganizationProps {
  token: string;
  email: string;
  organizationName: string;
  onAccepted: (result: AcceptInvitationResult) => void;
  onLinkProblem: (code: LinkProblemCode) => void;
}

/** Someone who already has an account joins the organization with one button: no password asked. */
export function JoinOrganization({ token, email, organizationName, onAccepted, onLinkProblem }: JoinOrganizationProps) {
  const accept = useAcceptInvitation();
  const failure = accept.error && !linkProblemOf(accept.error) ? errorMessage(accept.error) : null;
  const join = () =>
    accept.mutate(
      { token },
      {
        onSuccess: onAccepted,
        onError: (error) => {
          const problem = linkProblemOf(error);
          if (problem) onLinkProblem(problem);
        },
      },
    );

  return (
    <Stack spacing={2.5}>
      <Typography>
        You already have an account for <strong>{email}</strong>. Joining adds you to {organizationName}; your password
        and everything else stay as they are.
      </Typography>
      {failure && (
        <Alert severity="error" role="alert">
          {failure}
        </Alert>
      )}
      <Button variant="contained" size="large" fullWidth onClick={join} loading={accept.isPending}>
        Join {organizationName}
      </Button>
    </Stack>
  );
}

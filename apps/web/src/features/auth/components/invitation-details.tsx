import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { InvitationPreview } from '@team-access/contract';
import type { ReactNode } from 'react';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { accessLevelLabels } from '@/domain/users/components/user-chips.tsx';
import { expiryMoment, timeUntil } from '../expiry.ts';

/** Who sent the invitation, as the start of a sentence: "Ada Lovelace (ada@example.com)". */
export function inviterOf(invitedBy: InvitationPreview['invitedBy']): string | null {
  const { name, email } = invitedBy;
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? null;
}

/** "Ada Lovelace (ada@example.com) invited you to Acme on Team Access." */
export function invitationSentence(preview: InvitationPreview): string {
  const inviter = inviterOf(preview.invitedBy);
  return `${inviter ? `${inviter} invited you` : 'You were invited'} to ${preview.tenantName} on Team Access.`;
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {term}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}

/** What the invitation gives, as a list of terms: the email, the organization and org role, access, expiry. */
export function InvitationDetails({ preview, now }: { preview: InvitationPreview; now: Date }) {
  const expiresAt = new Date(preview.expiresAt);
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        columnGap: 2,
        rowGap: 1,
        m: 0,
        mb: 3,
        p: 2,
        borderRadius: 1,
        bgcolor: 'action.hover',
      }}
    >
      <Detail term="Email">{preview.email}</Detail>
      {preview.organization && (
        <Detail term="Organization">
          {preview.organization.name}
          {preview.organizationRole && `, as ${orgRoleLabels[preview.organizationRole]}`}
        </Detail>
      )}
      {/* Someone who already has an account keeps their access level: only a new account gets this one. */}
      {!preview.accountExists && <Detail term="Access level">{accessLevelLabels[preview.role]}</Detail>}
      <Detail term="Expires">
        {expiryMoment(expiresAt, now)} ({timeUntil(expiresAt, now)})
      </Detail>
    </Box>
  );
}

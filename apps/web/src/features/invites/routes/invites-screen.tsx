import MailOutlined from '@mui/icons-material/MailOutlined';
import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Skeleton from '@mui/material/Skeleton';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { OwnProfileOnly } from '@/components/own-profile-only.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { sessionQueries } from '@/lib/session.ts';
import { InvitationsList } from '../components/invitations-list.tsx';
import { InviteDialog } from '../components/invite-dialog.tsx';
import { UploadCsvDialog } from '../components/upload-csv-dialog.tsx';
import { NO_INVITES_REASON, useInviteAccess } from '../invite-access.ts';

const TITLE = 'Invites';

/**
 * Invitations at /invites: every one of the tenant's for its owners and administrators; for an
 * org admin, those of the organizations they administer (the IAM API answers only those).
 */
export function InvitesScreen() {
  const { access, pending } = useInviteAccess();
  const me = useQuery(sessionQueries.current()).data?.user;
  const [inviting, setInviting] = useState(false);
  const [uploading, setUploading] = useState(false);
  const description = access.delegated
    ? 'Invitations to the organizations you administer, from sending to acceptance.'
    : 'Invitations sent by email, from sending to acceptance.';

  if (pending) {
    return (
      <PageLayout title={TITLE} description={description}>
        <Card aria-busy="true" aria-label="Loading">
          <Skeleton variant="rectangular" height={240} />
        </Card>
      </PageLayout>
    );
  }
  if (!access.canInvite) {
    return (
      <PageLayout title={TITLE} description={description}>
        <OwnProfileOnly
          icon={<MailOutlined />}
          title="Only owners, administrators and organization admins invite people"
          reason={NO_INVITES_REASON}
          userId={me?.id}
        />
      </PageLayout>
    );
  }

  return (
    <PageLayout
      title={TITLE}
      description={description}
      actions={
        <>
          <Button startIcon={<UploadFileOutlined />} onClick={() => setUploading(true)}>
            Upload CSV
          </Button>
          <Button variant="contained" startIcon={<PersonAddAlt1Outlined />} onClick={() => setInviting(true)}>
            Invite people
          </Button>
        </>
      }
    >
      <InvitationsList onInvite={() => setInviting(true)} canInvite={access.canInvite} selectable={!access.delegated} />
      <InviteDialog open={inviting} onClose={() => setInviting(false)} access={access} />
      <UploadCsvDialog open={uploading} onClose={() => setUploading(false)} access={access} />
    </PageLayout>
  );
}

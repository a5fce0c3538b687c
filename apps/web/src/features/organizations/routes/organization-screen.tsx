import ArrowBack from '@mui/icons-material/ArrowBack';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import DomainDisabledOutlined from '@mui/icons-material/DomainDisabledOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Skeleton from '@mui/material/Skeleton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Organization } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { AuditActivity } from '@/domain/audit/components/audit-activity.tsx';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { paths } from '@/lib/paths.ts';
import { useOrganizationAccess } from '../access.ts';
import { useDeleteOrganization } from '../api/mutations.ts';
import { organizationQueries } from '../api/queries.ts';
import { AddMemberDialog } from '../components/add-member-dialog.tsx';
import { OrganizationFormDialog } from '../components/organization-form-dialog.tsx';
import { OrganizationMembers } from '../components/organization-members.tsx';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const BACK = (
  <Button component={RouterLink} to={paths.organizations} startIcon={<ArrowBack />}>
    All organizations
  </Button>
);

/** One organization's page: details, members and activity (?tab=activity), at /organizations/:organizationId. */
export function OrganizationScreen() {
  const { organizationId = '' } = useParams();
  const organization = useQuery(organizationQueries.detail(organizationId));

  if (organization.isPending) {
    return (
      <PageLayout title="Organization" description={<Skeleton width={240} />}>
        <Skeleton variant="rounded" height={160} />
        <Skeleton variant="rounded" height={240} />
      </PageLayout>
    );
  }
  if (organization.isError) {
    // Organizations of other tenants, ones this person does not administer and malformed ids all
    // answer alike: there is nothing here for them.
    const missing =
      isApiError(organization.error) && (organization.error.status === 404 || organization.error.status === 400);
    return (
      <PageLayout title={missing ? 'Organization not found' : 'Organization'}>
        {missing ? (
          <EmptyState
            icon={<DomainDisabledOutlined />}
            title="This organization does not exist"
            description="It may have been deleted, the link may be wrong, or it is not one you administer."
          >
            {BACK}
          </EmptyState>
        ) : (
          <LoadError error={organization.error} onRetry={() => organization.refetch()}>
            This organization could not be loaded.
          </LoadError>
        )}
      </PageLayout>
    );
  }
  return <OrganizationDetail organization={organization.data} />;
}

type Open = 'edit' | 'delete' | 'add' | undefined;
type OrganizationTab = 'members' | 'activity';

function OrganizationDetail({ organization }: { organization: Organization }) {
  const access = useOrganizationAccess(organization.id);
  const navigate = useNavigate();
  const remove = useDeleteOrganization();
  const [open, setOpen] = useState<Open>();
  const [params, setParams] = useSearchParams();
  const tab: OrganizationTab = params.get('tab') === 'activity' ? 'activity' : 'members';
  const close = () => setOpen(undefined);
  const members = `${organization.memberCount.toLocaleString()} ${organization.memberCount === 1 ? 'member' : 'members'}`;

  return (
    <PageLayout
      title={organization.name}
      description={organization.slug}
      actions={
        <>
          {BACK}
          {access.canEditDetails && (
            <Button variant="contained" startIcon={<EditOutlined />} onClick={() => setOpen('edit')}>
              Edit
            </Button>
          )}
          {access.canDelete && (
            <Button variant="outlined" color="error" startIcon={<DeleteOutlined />} onClick={() => setOpen('delete')}>
              Delete
            </Button>
          )}
        </>
      }
    >
      <Card component="section" aria-labelledby="details-title">
        <CardHeader title="Details" slotProps={{ title: { id: 'details-title', component: 'h2', variant: 'h2' } }} />
        <CardContent sx={{ pt: 0 }}>
          <Typography
            sx={{ whiteSpace: 'pre-line', mb: 1 }}
            color={organization.description ? undefined : 'text.secondary'}
          >
            {organization.description || 'No description.'}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {members} · created {dateTimeFormat.format(new Date(organization.createdAt))} · changed{' '}
            {dateTimeFormat.format(new Date(organization.updatedAt))}
          </Typography>
        </CardContent>
      </Card>

      <Box sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Tabs
          value={tab}
          onChange={(_event, next: OrganizationTab) =>
            setParams(next === 'activity' ? { tab: 'activity' } : {}, { replace: true })
          }
          aria-label="Organization sections"
        >
          <Tab
            value="members"
            label={`Members (${organization.memberCount.toLocaleString()})`}
            id="organization-tab-members"
            aria-controls="organization-panel"
          />
          <Tab value="activity" label="Activity" id="organization-tab-activity" aria-controls="organization-panel" />
        </Tabs>
      </Box>
      <div role="tabpanel" id="organization-panel" aria-labelledby={`organization-tab-${tab}`}>
        {tab === 'members' ? (
          <Card component="section" aria-labelledby="members-title">
            <CardHeader
              title="Members"
              subheader={members}
              slotProps={{ title: { id: 'members-title', component: 'h2', variant: 'h2' } }}
              action={
                access.canAddMembers && (
                  <Button variant="contained" startIcon={<PersonAddAlt1Outlined />} onClick={() => setOpen('add')}>
                    Add member
                  </Button>
                )
              }
            />
            <OrganizationMembers organization={organization} access={access} />
          </Card>
        ) : (
          <AuditActivity
            filters={{ organizationId: organization.id }}
            description="Changes to this organization, its members and its invitations, newest first"
            empty="Changes to this organization and its members will show here."
          />
        )}
      </div>

      <OrganizationFormDialog
        organization={organization}
        open={open === 'edit'}
        onClose={close}
        slugLocked={!access.canEditSlug}
      />
      <AddMemberDialog organization={organization} open={open === 'add'} onClose={close} />
      <ConfirmDialog
        open={open === 'delete'}
        title={`Delete ${organization.name}?`}
        confirmLabel="Delete organization"
        destructive
        pending={remove.isPending}
        onClose={close}
        onConfirm={() =>
          remove.mutate(organization, {
            onSuccess: () => {
              close();
              navigate(paths.organizations, { replace: true });
            },
            onError: (error) => {
              close();
              notify(errorMessage(error), 'error');
            },
          })
        }
      >
        {organization.name} will be deleted, and its {members} will no longer belong to it. The people stay on your
        team. This cannot be undone.
      </ConfirmDialog>
    </PageLayout>
  );
}

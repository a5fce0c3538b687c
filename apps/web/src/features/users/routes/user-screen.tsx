import ArrowBack from '@mui/icons-material/ArrowBack';
import CheckCircle from '@mui/icons-material/CheckCircle';
import PersonSearchOutlined from '@mui/icons-material/PersonSearchOutlined';
import RadioButtonUnchecked from '@mui/icons-material/RadioButtonUnchecked';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { type PermissionCatalog, sessionsReadRefusal, type User } from '@team-access/contract';
import { type ReactNode, useId, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { EmailText } from '@/components/email-text.tsx';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { AuditActivity } from '@/domain/audit/components/audit-activity.tsx';
import { UserOrganizations } from '@/domain/organizations/components/user-organizations.tsx';
import { PermissionWhy } from '@/domain/permission-checks/components/permission-why.tsx';
import { SessionList } from '@/domain/sessions/components/session-list.tsx';
import { TwoStepCard } from '@/domain/two-step/components/two-step-card.tsx';
import { ruleActorOf, useAccess } from '@/domain/users/access.ts';
import { AccessLevelChip, AccountCheckChips, StatusChip } from '@/domain/users/components/user-chips.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import { catalogQueries, userQueries } from '@/domain/users/queries.ts';
import { isApiError } from '@/lib/api-client.ts';
import { paths } from '@/lib/paths.ts';
import { useUserActions } from '../components/user-actions.tsx';
import { UserRoles } from '../components/user-roles.tsx';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One member's page: profile, roles and permissions, and their activity (?tab=activity), at /users/:userId. */
export function UserScreen() {
  const { userId = '' } = useParams();
  const user = useQuery(userQueries.detail(userId));

  if (user.isPending) {
    return (
      <PageLayout title="Member" description={<Skeleton width={240} />}>
        <Skeleton variant="rounded" height={220} />
      </PageLayout>
    );
  }
  if (user.isError) {
    const missing = isApiError(user.error) && (user.error.status === 404 || user.error.status === 400);
    return (
      <PageLayout title={missing ? 'Member not found' : 'Member'}>
        {missing ? (
          <EmptyState
            icon={<PersonSearchOutlined />}
            title="This member does not exist"
            description="They may have been deleted, or the link is wrong."
          >
            <Button component={RouterLink} to={paths.users} variant="outlined" startIcon={<ArrowBack />}>
              All members
            </Button>
          </EmptyState>
        ) : (
          <LoadError error={user.error} onRetry={() => user.refetch()}>
            This member could not be loaded.
          </LoadError>
        )}
      </PageLayout>
    );
  }
  return <UserDetail user={user.data} />;
}

function UserDetail({ user }: { user: User }) {
  const navigate = useNavigate();
  // The team list is for those who manage the team: a member (an organization admin too) has no way there.
  const { canManage } = useAccess();
  const actions = useUserActions(user, { onDeleted: () => navigate(paths.users, { replace: true }) });
  const name = displayName(user);
  return (
    <PageLayout
      title={name}
      description={
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }} component="span">
          <span>
            <EmailText email={user.email} />
          </span>
          <AccessLevelChip role={user.role} />
          <StatusChip status={user.status} />
          <AccountCheckChips user={user} />
        </Stack>
      }
      actions={
        <>
          {canManage && (
            <Button component={RouterLink} to={paths.users} startIcon={<ArrowBack />}>
              All members
            </Button>
          )}
          {actions.items.map((item) => (
            <Button
              key={item.key}
              variant={item.key === 'edit' ? 'contained' : 'outlined'}
              color={item.key === 'delete' ? 'error' : 'primary'}
              startIcon={item.icon}
              onClick={() => actions.open(item.key)}
            >
              {item.label}
            </Button>
          ))}
        </>
      }
    >
      <UserTabs user={user}>
        <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: '1fr', md: '1fr 2fr' }, alignItems: 'start' }}>
          <Stack spacing={3}>
            <Profile user={user} />
            <TwoStepCard user={user} />
            <UserRoles user={user} />
            <UserOrganizations user={user} />
          </Stack>
          <Permissions user={user} />
        </Box>
      </UserTabs>
      {actions.dialogs}
    </PageLayout>
  );
}

/** The page's tabs: the overview, and the member's sessions for those who may see them (`?tab=sessions`). */
type UserTab = 'profile' | 'activity' | 'sessions';

/** The member page's sections, in the address (`?tab=`): the profile, its activity, and its sessions for those who may read them. */
function UserTabs({ user, children }: { user: User; children: ReactNode }) {
  const { me } = useAccess();
  const [params, setParams] = useSearchParams();
  const mayReadSessions = sessionsReadRefusal(ruleActorOf(me), user.id) === undefined;
  const asked = params.get('tab');
  const tab: UserTab = asked === 'activity' || (asked === 'sessions' && mayReadSessions) ? asked : 'profile';
  const id = useId();
  const select = (next: UserTab) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === 'profile') updated.delete('tab');
        else updated.set('tab', next);
        return updated;
      },
      { replace: true },
    );
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_event, next: UserTab) => select(next)}
        aria-label={`${displayName(user)}: sections`}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ borderBottom: 1, borderColor: 'divider' }}
      >
        <Tab value="profile" label="Profile" id={`${id}-profile`} aria-controls={`${id}-profile-panel`} />
        <Tab value="activity" label="Activity" id={`${id}-activity`} aria-controls={`${id}-activity-panel`} />
        {mayReadSessions && (
          <Tab value="sessions" label="Sessions" id={`${id}-sessions`} aria-controls={`${id}-sessions-panel`} />
        )}
      </Tabs>
      <Box role="tabpanel" id={`${id}-${tab}-panel`} aria-labelledby={`${id}-${tab}`} sx={{ display: 'grid', gap: 3 }}>
        {tab === 'profile' && children}
        {tab === 'activity' && (
          <AuditActivity
            filters={{ userId: user.id }}
            description="What this member did and what was done to them, newest first"
            empty="Changes to this member and what they do will show here."
          />
        )}
        {tab === 'sessions' && (
          <Card component="section" aria-labelledby={`${id}-sessions-title`}>
            <CardHeader
              title="Sessions"
              subheader="Where this member is signed in, most recently used first"
              slotProps={{ title: { id: `${id}-sessions-title`, component: 'h2', variant: 'h2' } }}
            />
            <CardContent sx={{ pt: 0 }}>
              <SessionList user={user} />
            </CardContent>
          </Card>
        )}
      </Box>
    </>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box component="div" sx={{ display: 'grid', gridTemplateColumns: '9rem 1fr', gap: 1, py: 0.75 }}>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      {/* Breaks between words (an address before its "@"), inside one only when nothing else fits. */}
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'break-word', minWidth: 0 }}>
        {children}
      </Typography>
    </Box>
  );
}

function Profile({ user }: { user: User }) {
  return (
    <Card component="section" aria-labelledby="profile-title">
      <CardHeader title="Profile" slotProps={{ title: { id: 'profile-title', component: 'h2', variant: 'h2' } }} />
      <CardContent component="dl" sx={{ m: 0, pt: 0 }}>
        <Field label="Email">
          <EmailText email={user.email} /> {user.emailVerified ? '(verified)' : '(not verified yet)'}
        </Field>
        {user.pendingEmail !== null && (
          <Field label="New email">
            <EmailText email={user.pendingEmail} /> (takes effect when its link is followed)
          </Field>
        )}
        <Field label="First name">{user.firstName ?? '—'}</Field>
        <Field label="Last name">{user.lastName ?? '—'}</Field>
        <Field label="Phone">{user.phone ?? '—'}</Field>
        <Field label="Access level">
          <AccessLevelChip role={user.role} />
        </Field>
        <Field label="Status">
          <StatusChip status={user.status} />
        </Field>
        <Field label="Last sign-in">
          {user.lastLoginAt ? dateTimeFormat.format(new Date(user.lastLoginAt)) : 'Never'}
        </Field>
        <Field label="Added">{dateTimeFormat.format(new Date(user.createdAt))}</Field>
        <Field label="Two-step sign-in">{user.mfa ? 'On' : 'Off'}</Field>
        <Field label="Password">{user.resetPw ? 'A new one is required at the next sign-in' : 'Set'}</Field>
      </CardContent>
    </Card>
  );
}

function Permissions({ user }: { user: User }) {
  const { canManage } = useAccess();
  const catalog = useQuery(catalogQueries.catalog());
  const effective = new Set(user.effectivePermissions);
  return (
    <Card component="section" aria-labelledby="permissions-title">
      <CardHeader
        title="Permissions"
        subheader={`${effective.size} of ${catalog.data?.items.length ?? '…'} granted`}
        slotProps={{ title: { id: 'permissions-title', component: 'h2', variant: 'h2' } }}
        action={
          // The matrix is for those who manage the team; members and org admins cannot open it.
          canManage && (
            <Button
              component={RouterLink}
              to={`${paths.permissions}?search=${encodeURIComponent(user.email)}`}
              size="small"
            >
              Open in the matrix
            </Button>
          )
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {catalog.isPending ? (
          <Skeleton variant="rounded" height={160} />
        ) : catalog.isError ? (
          <Alert severity="warning">The permission catalog could not be loaded.</Alert>
        ) : (
          <PermissionGroups catalog={catalog.data} user={user} effective={effective} canExplain={canManage} />
        )}
      </CardContent>
    </Card>
  );
}

function PermissionGroups({
  catalog,
  user,
  effective,
  canExplain,
}: {
  catalog: PermissionCatalog;
  user: User;
  effective: Set<string>;
  /** OWNERs and ADMINs open "Why?" on each permission (the check API, ADR 047). */
  canExplain: boolean;
}) {
  // The permission whose "Why?" is open (one at a time).
  const [why, setWhy] = useState<string>();
  const whyId = useId();
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      {catalog.categories.map((category) => (
        <Box key={category.key}>
          <Typography variant="subtitle2" component="h3">
            {category.label}
          </Typography>
          <List dense disablePadding>
            {catalog.items
              .filter((p) => p.category === category.key)
              .map((p) => {
                const granted = effective.has(p.key);
                const inherited = granted && user.permissions[p.key] !== true;
                const roles = (user.permissionSources[p.key] ?? []).flatMap((s) =>
                  s.type === 'role' ? [s.roleName] : [],
                );
                const open = why === p.key;
                return (
                  <ListItem key={p.key} disableGutters sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}>
                    {granted ? (
                      <CheckCircle fontSize="small" color={inherited ? 'secondary' : 'success'} aria-hidden />
                    ) : (
                      <RadioButtonUnchecked fontSize="small" color="disabled" aria-hidden />
                    )}
                    {/* The description is shown, not hidden in a tooltip's aria-label on a plain div. */}
                    <ListItemText
                      primary={p.label}
                      secondary={`${p.description} ${
                        granted
                          ? inherited
                            ? `Granted by ${roles.length ? roles.join(', ') : 'a role'}`
                            : roles.length
                              ? `Granted directly and by ${roles.join(', ')}`
                              : 'Granted'
                          : 'Not granted'
                      }.`}
                      slotProps={{ secondary: { variant: 'caption' } }}
                      sx={{ flex: '1 1 0', minWidth: 0 }}
                    />
                    {canExplain && (
                      <Button
                        size="small"
                        aria-expanded={open}
                        aria-controls={open ? `${whyId}-${p.key}` : undefined}
                        aria-label={`Why: ${p.label}`}
                        onClick={() => setWhy(open ? undefined : p.key)}
                        sx={{ minWidth: 0, flexShrink: 0 }}
                      >
                        Why?
                      </Button>
                    )}
                    {open && (
                      <Box
                        id={`${whyId}-${p.key}`}
                        role="region"
                        aria-label={`Why: ${p.label}`}
                        sx={{ flexBasis: '100%', pl: 3.5, pb: 1 }}
                      >
                        <PermissionWhy
                          userId={user.id}
                          permission={p.key}
                          memberName={displayName(user)}
                          permissionLabel={p.label}
                        />
                      </Box>
                    )}
                  </ListItem>
                );
              })}
          </List>
        </Box>
      ))}
    </Box>
  );
}

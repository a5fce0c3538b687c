import DashboardOutlined from '@mui/icons-material/DashboardOutlined';
import GroupAddOutlined from '@mui/icons-material/GroupAddOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import type { Overview } from '@team-access/contract';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { OwnProfileOnly } from '@/components/own-profile-only.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { useAccess } from '@/domain/users/access.ts';
import { paths } from '@/lib/paths.ts';
import { overviewQueries } from '../api/queries.ts';
import { FigureCards } from '../components/figure-cards.tsx';
import { LatestChanges } from '../components/latest-changes.tsx';
import { chartGrid, figureGrid } from '../layout.ts';

// The chart library loads with the charts only, on this screen: no other screen's code carries it.
const OverviewCharts = lazy(async () => ({
  default: (await import('../components/overview-charts.tsx')).OverviewCharts,
}));

const DESCRIPTION = 'Your team in figures. Each figure opens the list it counts.';
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * The overview at /overview, where an OWNER or ADMIN lands (ADR 040): the figures of one request,
 * each a link to the list it counts, charts with their figures as tables for screen readers, and
 * the latest changes.
 */
export function OverviewScreen() {
  const access = useAccess();
  const overview = useQuery({ ...overviewQueries.figures(), enabled: access.canManage });

  if (access.me && !access.canManage) {
    return (
      <PageLayout title="Overview" description={DESCRIPTION}>
        <OwnProfileOnly
          icon={<DashboardOutlined />}
          title="Only owners and administrators see the overview"
          userId={access.me.id}
        />
      </PageLayout>
    );
  }

  let body: ReactNode;
  if (overview.isError) {
    body = (
      <LoadError error={overview.error} onRetry={() => overview.refetch()} retrying={overview.isFetching}>
        The overview could not be loaded.
      </LoadError>
    );
  } else if (!overview.data) {
    body = <OverviewSkeleton />;
  } else {
    body = <OverviewBody overview={overview.data} />;
  }

  return (
    <PageLayout
      title="Overview"
      description={
        overview.data ? `${DESCRIPTION} As of ${timeFormat.format(new Date(overview.data.generatedAt))}.` : DESCRIPTION
      }
    >
      {body}
    </PageLayout>
  );
}

/** A team of one (a new account): nothing to chart yet, so say what to do first. */
function isNewTeam(o: Overview): boolean {
  return o.members.total <= 1 && o.invitations.pending === 0 && o.roles === 0 && o.organizations === 0;
}

function OverviewBody({ overview }: { overview: Overview }) {
  return (
    <Stack spacing={3}>
      <FigureCards overview={overview} />
      {isNewTeam(overview) ? (
        <EmptyState
          icon={<GroupAddOutlined />}
          title="Your team is just you so far"
          description="Invite people by email or add members with a password: their status, access, two-step sign-in and sign-ins will show here."
        >
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }}>
            <Button component={RouterLink} to={paths.invites} variant="contained">
              Invite people
            </Button>
            <Button component={RouterLink} to={paths.users} variant="outlined">
              Add a member
            </Button>
          </Stack>
        </EmptyState>
      ) : (
        <Suspense fallback={<ChartsSkeleton />}>
          <OverviewCharts overview={overview} />
        </Suspense>
      )}
      <LatestChanges events={overview.latestChanges} />
    </Stack>
  );
}

function ChartsSkeleton() {
  return (
    <Box sx={chartGrid} aria-label="Loading the charts" role="status">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} variant="rounded" height={300} />
      ))}
    </Box>
  );
}

function OverviewSkeleton() {
  return (
    <Stack spacing={3} role="status" aria-label="Loading the overview">
      <Box sx={figureGrid}>
        {[0, 1, 2, 3, 4, 5, 6, 7].map((i) => (
          <Card key={i}>
            <Skeleton variant="rectangular" height={104} />
          </Card>
        ))}
      </Box>
      <ChartsSkeleton />
    </Stack>
  );
}

import BlockOutlined from '@mui/icons-material/BlockOutlined';
import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import type { Screen } from '../navigation.tsx';

/** A screen this person may not use (an organization admin opening Users, say): say so, and where to go. */
export function NotAvailableScreen({ home }: { home: Screen | undefined }) {
  return (
    <PageLayout title="Not available">
      <EmptyState
        icon={<BlockOutlined />}
        title="This screen is not available to you"
        description="Your access covers the organizations you administer and your own profile."
      >
        {home && (
          <Button component={RouterLink} to={home.path} variant="contained">
            Go to {home.label}
          </Button>
        )}
      </EmptyState>
    </PageLayout>
  );
}

import SearchOffOutlined from '@mui/icons-material/SearchOffOutlined';
import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from '@/components/empty-state.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { HOME_PATH } from '@/lib/redirect.ts';

/** An address inside the app that matches no screen. */
export function NotFoundScreen() {
  return (
    <PageLayout title="Page not found">
      <EmptyState
        icon={<SearchOffOutlined />}
        title="There is no page at this address"
        description="The link may be mistyped, or the page may have moved. Use the navigation, or go back to where you start."
      >
        <Button component={RouterLink} to={HOME_PATH} variant="contained">
          Go to the start page
        </Button>
      </EmptyState>
    </PageLayout>
  );
}

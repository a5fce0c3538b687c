import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { paths } from '@/lib/paths.ts';

interface ErrorCopy {
  title: string;
  message: string;
}

/** A chunk that no longer exists (a new version was deployed while the tab stayed open). */
function isStaleChunk(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(
      error.message,
    )
  );
}

function describe(error: unknown): ErrorCopy {
  if (isRouteErrorResponse(error) && error.status === 404) {
    return { title: 'Page not found', message: 'There is no page at this address.' };
  }
  if (isStaleChunk(error)) {
    return {
      title: 'Team Access was updated',
      message: 'A new version is available. Reload the page to continue.',
    };
  }
  return {
    title: 'Something went wrong',
    message: 'This page could not be shown. Reload the page; if it happens again, sign in again later.',
  };
}

function ErrorContent() {
  const error = useRouteError();
  const { title, message } = describe(error);
  return (
    <Paper variant="outlined" sx={{ p: { xs: 3, sm: 4 }, maxWidth: 560, width: '100%' }}>
      <title>{`${title} · Team Access`}</title>
      <Typography variant="h1" gutterBottom>
        {title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {message}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5 }}>
        <Button variant="contained" onClick={() => window.location.reload()}>
          Reload page
        </Button>
        <Button variant="outlined" href={paths.users}>
          Go to the start page
        </Button>
      </Box>
      {import.meta.env.DEV && error instanceof Error && (
        <Box component="pre" sx={{ mt: 3, overflow: 'auto', fontSize: 12, color: 'text.secondary' }}>
          {error.stack ?? error.message}
        </Box>
      )}
    </Paper>
  );
}

/** The root route's errorElement: a whole page, never a blank one. */
export function RootErrorBoundary() {
  return (
    <Box
      component="main"
      id="main"
      sx={{ minHeight: '100dvh', display: 'grid', placeItems: 'center', p: 2, bgcolor: 'background.default' }}
    >
      <ErrorContent />
    </Box>
  );
}

/** The errorElement of the screens inside the app shell: the shell stays, the screen says what failed. */
export function ScreenErrorBoundary() {
  return (
    <Box sx={{ display: 'grid', placeItems: 'center', py: 4 }}>
      <ErrorContent />
    </Box>
  );
}

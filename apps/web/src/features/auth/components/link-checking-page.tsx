import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { type ReactNode, useId } from 'react';
import { PublicPage } from './public-page.tsx';

interface LinkCheckingPageProps {
  title: string;
  icon: ReactNode;
  /** What is being checked, as a sentence: "Checking your invitation…". */
  label: string;
}

/** While a mailed link is looked up: the page's frame with a labelled progress indicator. */
export function LinkCheckingPage({ title, icon, label }: LinkCheckingPageProps) {
  const labelId = useId();
  return (
    <PublicPage title={title} icon={icon} heading={title}>
      <Stack spacing={2} sx={{ alignItems: 'center', py: 2 }}>
        <CircularProgress aria-labelledby={labelId} />
        <Typography id={labelId} color="text.secondary">
          {label}
        </Typography>
      </Stack>
    </PublicPage>
  );
}

import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import { PageHeader } from './page-header.tsx';

interface PageLayoutProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

/** The frame of every screen inside the app shell: a header with the h1, then the content. */
export function PageLayout({ title, description, actions, children }: PageLayoutProps) {
  return (
    <Stack spacing={3} sx={{ maxWidth: 1200, mx: 'auto', width: '100%' }}>
      <PageHeader title={title} description={description} actions={actions} />
      {children}
    </Stack>
  );
}

import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';
import { PageHeader } from './page-header.tsx';

interface PageLayoutProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /**
   * A screen that is one big grid (the permission matrix): the whole width instead of the centred
   * 1200 px column, and exactly the window's height, so that the grid (which takes the rest with
   * `flex: 1`) is the page's one scroll area (ADR 041).
   */
  fill?: boolean;
}

/** The frame of every screen inside the app shell: a header with the h1, then the content. */
export function PageLayout({ title, description, actions, children, fill = false }: PageLayoutProps) {
  return (
    <Stack
      spacing={fill ? 2 : 3}
      sx={
        fill
          ? {
              width: '100%',
              // The window less the app bar and the main area's padding (app-shell.tsx).
              height: { xs: 'calc(100dvh - 56px - 32px)', sm: 'calc(100dvh - 64px - 48px)' },
              minHeight: 480,
            }
          : { maxWidth: 1200, mx: 'auto', width: '100%' }
      }
    >
      <PageHeader title={title} description={description} actions={actions} />
      {children}
    </Stack>
  );
}

import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { ConnectivityBanner } from '@/components/connectivity-banner.tsx';
import { NotificationsProvider } from '@/components/notifications-provider.tsx';
import { onUnauthorized } from '@/lib/api-client.ts';
import { queryClient } from '@/lib/query-client.ts';
import { sessionQueries } from '@/lib/session.ts';
import { COLOR_MODE_STORAGE_KEY, theme } from './theme.ts';

/**
 * Everything the screens rely on: the theme (light, dark or the system's, chosen in the app bar),
 * server state, and toasts.
 */
export function AppProvider({ children }: { children: ReactNode }) {
  useEffect(
    () =>
      // Any 401 means the session ended: record it, and the protected layout sends the person to
      // sign in, remembering where they were.
      onUnauthorized(() => {
        queryClient.setQueryData(sessionQueries.current().queryKey, null);
      }),
    [],
  );

  return (
    <ThemeProvider
      theme={theme}
      defaultMode="system"
      modeStorageKey={COLOR_MODE_STORAGE_KEY}
      noSsr
      disableTransitionOnChange
    >
      <CssBaseline enableColorScheme />
      <QueryClientProvider client={queryClient}>
        <NotificationsProvider>{children}</NotificationsProvider>
        <ConnectivityBanner />
      </QueryClientProvider>
    </ThemeProvider>
  );
}

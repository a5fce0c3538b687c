import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { createMemoryRouter, type InitialEntry, type RouteObject, RouterProvider } from 'react-router';
import { theme } from '@/app/theme.ts';

/** A query client for one test: a failed call fails at once instead of being retried. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** Renders a component (a dialog, a form) inside a fresh query client; returns a user to act with. */
export function renderWithClient(ui: ReactElement) {
  const client = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  render(ui, { wrapper });
  return { client, user: userEvent.setup() };
}

/**
 * Renders routes in a memory router opened at `at`, inside the app's theme (unless `themed` is
 * false) and a fresh query client; returns the router and a user to act with.
 */
export function renderRoutes(routes: RouteObject[], at: InitialEntry, { themed = true } = {}) {
  const client = testQueryClient();
  const router = createMemoryRouter(routes, { initialEntries: [at] });
  const app = (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
  render(themed ? <ThemeProvider theme={theme}>{app}</ThemeProvider> : app);
  return { client, router, user: userEvent.setup() };
}

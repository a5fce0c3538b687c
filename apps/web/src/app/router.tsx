import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { HOME_PATH, SIGN_IN_PATH } from '@/lib/redirect.ts';
import { screens } from './navigation.tsx';
import { RootErrorBoundary, ScreenErrorBoundary } from './route-error.tsx';

/** The screens inside the app shell; each loads its own code when first opened. */
const screenRoutes: RouteObject[] = screens.map((screen) => ({
  path: screen.path.slice(1),
  ErrorBoundary: ScreenErrorBoundary,
  handle: { screen },
  lazy: async () => ({ Component: (await import('./routes/upcoming-screen.tsx')).UpcomingScreen }),
}));

export const routes: RouteObject[] = [
  {
    path: '/',
    ErrorBoundary: RootErrorBoundary,
    HydrateFallback: () => <FullPageProgress />,
    children: [
      {
        path: SIGN_IN_PATH.slice(1),
        lazy: async () => ({ Component: (await import('./routes/sign-in.tsx')).SignInRoute }),
      },
      {
        lazy: async () => ({ Component: (await import('./routes/app-shell.tsx')).AppShell }),
        children: [
          { index: true, element: <Navigate to={HOME_PATH} replace /> },
          ...screenRoutes,
          {
            path: '*',
            lazy: async () => ({ Component: (await import('./routes/not-found.tsx')).NotFoundScreen }),
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);

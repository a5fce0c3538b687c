import { createBrowserRouter, type RouteObject } from 'react-router';
import { FullPageProgress } from '@/components/full-page-progress.tsx';
import { paths } from '@/lib/paths.ts';
import { SIGN_IN_PATH } from '@/lib/redirect.ts';
import { screens } from './navigation.tsx';
import { prefetchSession, prefetchUsersList } from './prefetch.ts';
import { RootErrorBoundary, ScreenErrorBoundary } from './route-error.tsx';

/** The screens built so far; the others say what they will hold. Each loads its code when first opened. */
const builtScreens: Record<string, RouteObject[]> = {
  [paths.overview]: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('@/features/overview/routes/overview-screen.tsx')).OverviewScreen,
      }),
    },
  ],
  [paths.users]: [
    {
      index: true,
      loader: prefetchUsersList,
      shouldRevalidate: () => false,
      lazy: async () => ({ Component: (await import('@/features/users/routes/users-screen.tsx')).UsersScreen }),
    },
    {
      path: ':userId',
      lazy: async () => ({ Component: (await import('@/features/users/routes/user-screen.tsx')).UserScreen }),
    },
  ],
  [paths.organizations]: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('@/features/organizations/routes/organizations-screen.tsx')).OrganizationsScreen,
      }),
    },
    {
      path: ':organizationId',
      lazy: async () => ({
        Component: (await import('@/features/organizations/routes/organization-screen.tsx')).OrganizationScreen,
      }),
    },
  ],
  [paths.permissions]: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('@/features/permissions/routes/permissions-screen.tsx')).PermissionsScreen,
      }),
    },
  ],
  [paths.invites]: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('@/features/invites/routes/invites-screen.tsx')).InvitesScreen,
      }),
    },
  ],
  [paths.audit]: [
    {
      index: true,
      lazy: async () => ({ Component: (await import('@/features/audit/routes/audit-screen.tsx')).AuditScreen }),
    },
  ],
  [paths.webhooks]: [
    {
      index: true,
      lazy: async () => ({
        Component: (await import('@/features/webhooks/routes/webhooks-screen.tsx')).WebhooksScreen,
      }),
    },
  ],
  [paths.roles]: [
    {
      index: true,
      lazy: async () => ({ Component: (await import('@/features/roles/routes/roles-screen.tsx')).RolesScreen }),
    },
    {
      path: ':roleId',
      lazy: async () => ({ Component: (await import('@/features/roles/routes/role-screen.tsx')).RoleScreen }),
    },
  ],
};

const screenRoutes: RouteObject[] = screens.map((screen) => {
  const children = builtScreens[screen.path];
  return {
    path: screen.path.slice(1),
    ErrorBoundary: ScreenErrorBoundary,
    handle: { screen },
    ...(children
      ? { children }
      : { lazy: async () => ({ Component: (await import('./routes/upcoming-screen.tsx')).UpcomingScreen }) }),
  };
});

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
      // The pages a mailed link opens: outside the app shell, with or without a session.
      {
        path: paths.forgotPassword.slice(1),
        lazy: async () => ({
          Component: (await import('@/features/auth/routes/forgot-password-route.tsx')).ForgotPasswordRoute,
        }),
      },
      {
        path: paths.resetPassword.slice(1),
        lazy: async () => ({
          Component: (await import('@/features/auth/routes/reset-password-route.tsx')).ResetPasswordRoute,
        }),
      },
      {
        path: paths.verifyEmail.slice(1),
        lazy: async () => ({
          Component: (await import('@/features/auth/routes/verify-email-route.tsx')).VerifyEmailRoute,
        }),
      },
      {
        path: paths.choosePassword.slice(1),
        lazy: async () => ({
          Component: (await import('@/features/auth/routes/choose-password-route.tsx')).ChoosePasswordRoute,
        }),
      },
      {
        path: paths.setUpTwoStep.slice(1),
        lazy: async () => ({
          Component: (await import('@/features/auth/routes/set-up-two-step-route.tsx')).SetUpTwoStepRoute,
        }),
      },
      {
        path: paths.acceptInvitation.slice(1),
        lazy: async () => ({
          Component: (await import('@/features/auth/routes/accept-invitation-route.tsx')).AcceptInvitationRoute,
        }),
      },
      {
        // The session is read while the shell's code downloads (ADR 043).
        loader: prefetchSession,
        shouldRevalidate: () => false,
        lazy: async () => ({ Component: (await import('./routes/app-shell.tsx')).AppShell }),
        children: [
          // The start: the shell sends each person on to their own first screen.
          { index: true, element: null },
          ...screenRoutes,
          // Not in the main navigation: the account menu opens it (ADR 031).
          {
            path: paths.settings.slice(1),
            ErrorBoundary: ScreenErrorBoundary,
            lazy: async () => ({
              Component: (await import('@/features/settings/routes/settings-screen.tsx')).SettingsScreen,
            }),
          },
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

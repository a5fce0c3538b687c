import { organizationRoutes } from '@team-access/contract/routes/organizations';
import { callRoute } from '@/lib/api-client.ts';
import { screenQuery } from '@/lib/queries.ts';

/**
 * The organizations a user belongs to, with their org role in each. Outside the features because
 * three places read it: the app shell (is this member an organization's admin?), the member page
 * (their organizations) and the Organizations screens (which refresh it after a membership change,
 * by the `['organizations', 'of-user']` prefix).
 */
export const userOrganizationsQuery = (userId: string) =>
  screenQuery(['organizations', 'of-user', userId] as const, (signal) =>
    callRoute(organizationRoutes.listUserOrganizations, { params: { userId }, signal }),
  );

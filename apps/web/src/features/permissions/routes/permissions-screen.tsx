import { PageLayout } from '@/components/page-layout.tsx';

/** The permission matrix (being built). */
export function PermissionsScreen() {
  return (
    <PageLayout title="Permissions" description="A matrix of team members and feature permissions.">
      {null}
    </PageLayout>
  );
}

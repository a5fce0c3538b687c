import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@team-access/contract';
import { Link as RouterLink } from 'react-router';
import { LoadError } from '@/components/load-error.tsx';
import { displayName } from '@/domain/users/display-name.ts';
import { paths } from '@/lib/paths.ts';
import { orgRoleLabels } from '../org-roles.ts';
import { userOrganizationsQuery } from '../user-organizations.ts';

/**
 * The organizations a member belongs to, with their org role in each, on the member's page: each
 * one a link to its page (which the IAM API opens to those who may read it).
 */
export function UserOrganizations({ user }: { user: User }) {
  const organizations = useQuery(userOrganizationsQuery(user.id));
  return (
    <Card component="section" aria-labelledby="organizations-title">
      <CardHeader
        title="Organizations"
        subheader="Where this member belongs, and their org role there"
        slotProps={{ title: { id: 'organizations-title', component: 'h2', variant: 'h2' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {organizations.isPending ? (
          <Skeleton variant="rounded" height={48} />
        ) : organizations.isError ? (
          <LoadError
            error={organizations.error}
            onRetry={() => organizations.refetch()}
            retrying={organizations.isFetching}
          >
            The organizations could not be loaded.
          </LoadError>
        ) : organizations.data.items.length === 0 ? (
          <Typography color="text.secondary">{displayName(user)} belongs to no organization.</Typography>
        ) : (
          <List dense disablePadding aria-label="Organizations">
            {organizations.data.items.map(({ organization, orgRole }) => (
              <ListItem key={organization.id} disableGutters divider>
                <ListItemText
                  primary={
                    <Link component={RouterLink} to={paths.organization(organization.id)} underline="hover">
                      {organization.name}
                    </Link>
                  }
                  secondary={orgRoleLabels[orgRole]}
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}

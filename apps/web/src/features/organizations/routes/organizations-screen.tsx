import AddBusinessOutlined from '@mui/icons-material/AddBusinessOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Organization } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { ListSearch } from '@/components/list-search.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { PagedList } from '@/components/paged-list.tsx';
import { TableSkeletonRows } from '@/components/table-skeleton-rows.tsx';
import { paths } from '@/lib/paths.ts';
import { useListView } from '@/lib/use-list-view.ts';
import { type OrganizationAccess, useOrganizationAccess } from '../access.ts';
import { organizationQueries } from '../api/queries.ts';
import { OrganizationFormDialog } from '../components/organization-form-dialog.tsx';
import { organizationList, PAGE_SIZES, toOrganizationsQuery } from '../list-params.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Organizations, at /organizations: all of them for tenant administrators, the ones they administer for org admins. */
export function OrganizationsScreen() {
  const access = useOrganizationAccess();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  return (
    <PageLayout
      title="Organizations"
      description={
        access.tenantAdmin
          ? 'Companies and teams inside your account, each with its own members and admins.'
          : 'The organizations you administer.'
      }
      actions={
        access.canCreate && (
          <Button variant="contained" startIcon={<AddBusinessOutlined />} onClick={() => setCreating(true)}>
            Create organization
          </Button>
        )
      }
    >
      <OrganizationList access={access} onCreate={() => setCreating(true)} />
      <OrganizationFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(organization) => navigate(paths.organization(organization.id))}
      />
    </PageLayout>
  );
}

function OrganizationList({ access, onCreate }: { access: OrganizationAccess; onCreate: () => void }) {
  const list = useListView(organizationList);
  const organizations = useQuery(organizationQueries.list(toOrganizationsQuery(list.view)));

  return (
    <Card>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ p: 2 }}>
        <ListSearch list={list} id="organization-search" placeholder="Name or slug" controls="organizations-table" />
      </Stack>
      <PagedList
        query={organizations}
        list={list}
        noun="organizations"
        pageSizes={PAGE_SIZES}
        noMatch={{ title: 'No organizations match', description: 'Try another search.', clearLabel: 'Clear search' }}
        empty={{
          title: 'No organizations yet',
          description: access.canCreate
            ? 'Create one for each company or team, then add its members and admins.'
            : 'Organizations you are made an admin of will show here.',
          action: access.canCreate && (
            <Button variant="contained" onClick={onCreate}>
              Create organization
            </Button>
          ),
        }}
      >
        <TableContainer>
          <Table id="organizations-table" aria-label="Organizations" aria-busy={organizations.isFetching}>
            <TableHead>
              <TableRow>
                <TableCell>Organization</TableCell>
                <TableCell>Description</TableCell>
                <TableCell align="right">Members</TableCell>
                <TableCell>Created</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {organizations.isPending ? (
                <TableSkeletonRows rows={5} columns={4} />
              ) : (
                organizations.data?.items.map((organization) => (
                  <OrganizationRow key={organization.id} organization={organization} />
                ))
              )}
            </TableBody>
          </Table>
        </TableContainer>
      </PagedList>
    </Card>
  );
}

function OrganizationRow({ organization }: { organization: Organization }) {
  return (
    <TableRow hover>
      <TableCell>
        <Link
          component={RouterLink}
          to={paths.organization(organization.id)}
          underline="hover"
          sx={{ fontWeight: 600 }}
        >
          {organization.name}
        </Link>
        <Typography variant="body2" color="text.secondary">
          {organization.slug}
        </Typography>
      </TableCell>
      <TableCell sx={{ maxWidth: 360 }}>
        <Typography variant="body2" color="text.secondary" noWrap title={organization.description ?? undefined}>
          {organization.description || '—'}
        </Typography>
      </TableCell>
      <TableCell align="right">{organization.memberCount.toLocaleString()}</TableCell>
      <TableCell>{dateFormat.format(new Date(organization.createdAt))}</TableCell>
    </TableRow>
  );
}

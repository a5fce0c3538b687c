import Add from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { Role, User } from '@team-access/contract';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { LoadError } from '@/components/load-error.tsx';
import { useAssignRole, useUnassignRole } from '@/domain/roles/mutations.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import { roleAccessFor, rolesOf } from '@/domain/roles/role-rules.ts';
import { useAccess } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { paths } from '@/lib/paths.ts';

/** The roles a member holds, as their sources name them (a member may not read the roles list). */
function heldRoleNames(user: User): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const sources of Object.values(user.permissionSources)) {
    for (const source of sources) if (source.type === 'role') byId.set(source.roleId, source.roleName);
  }
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The member's roles on their page: owners and admins add and remove them; everyone else reads them. */
export function UserRoles({ user }: { user: User }) {
  const access = useAccess();
  return (
    <Card component="section" aria-labelledby="roles-title">
      <CardHeader
        title="Roles"
        subheader="A role gives its permissions to everyone who holds it"
        slotProps={{ title: { id: 'roles-title', component: 'h2', variant: 'h2' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {access.canManage ? <ManagedRoles user={user} /> : <ReadOnlyRoles user={user} />}
      </CardContent>
    </Card>
  );
}

function ReadOnlyRoles({ user }: { user: User }) {
  const roles = heldRoleNames(user);
  if (roles.length === 0) return <Typography color="text.secondary">No role grants a permission yet.</Typography>;
  return (
    <List dense disablePadding aria-label="Roles held">
      {roles.map((role) => (
        <ListItem key={role.id} disableGutters>
          <ListItemText primary={role.name} />
        </ListItem>
      ))}
    </List>
  );
}

function ManagedRoles({ user }: { user: User }) {
  const access = useAccess();
  const roleAccess = roleAccessFor(access.me);
  const roles = useQuery(roleQueries.list());
  const assign = useAssignRole();
  const unassign = useUnassignRole();
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const [removing, setRemoving] = useState<Role>();
  const name = displayName(user);
  // An admin cannot change an owner at all; otherwise each role says whether it may be given.
  const locked = access.canEdit(user) ? undefined : access.whyNot(user);

  if (roles.isPending) return <Skeleton variant="rounded" height={80} />;
  if (roles.isError) {
    return (
      <LoadError error={roles.error} onRetry={() => roles.refetch()} retrying={roles.isFetching}>
        The roles could not be loaded.
      </LoadError>
    );
  }
  const held = rolesOf(user, roles.data.items);
  const others = roles.data.items.filter((role) => !user.groups.includes(role.id));
  const change = (role: Role) => ({ roleId: role.id, roleName: role.name, userId: user.id, name });

  return (
    <>
      {locked && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {locked}
        </Alert>
      )}
      {held.length === 0 ? (
        <Typography color="text.secondary">{name} holds no role.</Typography>
      ) : (
        <List dense disablePadding aria-label="Roles held">
          {held.map((role) => {
            // Taking a role away revokes what it carries: an admin takes away only what they hold (ADR 017).
            const whyKept = roleAccess.whyNotUnassign(role);
            const reasonId = `keep-role-${role.id}`;
            return (
              <ListItem
                key={role.id}
                disableGutters
                divider
                secondaryAction={
                  !locked && (
                    <Button
                      size="small"
                      color="error"
                      disabled={Boolean(whyKept)}
                      onClick={() => setRemoving(role)}
                      aria-label={`Remove role ${role.name}`}
                      aria-describedby={whyKept ? reasonId : undefined}
                    >
                      Remove
                    </Button>
                  )
                }
              >
                <ListItemText
                  primary={
                    <Link component={RouterLink} to={paths.role(role.id)} underline="hover">
                      {role.name}
                    </Link>
                  }
                  secondary={
                    !locked && whyKept ? (
                      <span id={reasonId}>{whyKept}</span>
                    ) : (
                      `${role.permissions.length} ${role.permissions.length === 1 ? 'permission' : 'permissions'}`
                    )
                  }
                  slotProps={{ secondary: { sx: { whiteSpace: 'normal', pr: 10 } } }}
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {!locked && (
        <>
          <Button
            startIcon={<Add />}
            sx={{ mt: 1 }}
            disabled={others.length === 0 || assign.isPending}
            aria-haspopup="menu"
            aria-controls={menu ? 'add-role-menu' : undefined}
            aria-expanded={menu ? 'true' : undefined}
            onClick={(event) => setMenu(event.currentTarget)}
          >
            {others.length === 0 && roles.data.items.length > 0 ? 'Holds every role' : 'Add a role'}
          </Button>
          <Menu id="add-role-menu" anchorEl={menu} open={menu !== null} onClose={() => setMenu(null)}>
            {others.map((role) => {
              const why = roleAccess.whyNotAssign(role);
              return (
                <MenuItem
                  key={role.id}
                  disabled={Boolean(why)}
                  onClick={() => {
                    setMenu(null);
                    assign.mutate(change(role));
                  }}
                >
                  <ListItemText
                    primary={role.name}
                    secondary={why ?? `${role.permissions.length} permissions`}
                    // A long name wraps rather than being cut ("Subscriptions team").
                    slotProps={{
                      primary: { sx: { whiteSpace: 'normal', overflowWrap: 'break-word', maxWidth: 320 } },
                      secondary: { sx: { whiteSpace: 'normal', maxWidth: 320 } },
                    }}
                  />
                </MenuItem>
              );
            })}
          </Menu>
        </>
      )}
      <ConfirmDialog
        open={removing !== undefined}
        title={removing ? `Remove ${removing.name} from ${name}?` : ''}
        confirmLabel="Remove role"
        destructive
        pending={unassign.isPending}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => removing && unassign.mutate(change(removing), { onSettled: () => setRemoving(undefined) })}
      >
        {user.email} loses the permissions of {removing?.name} that they hold neither directly nor through another role.
      </ConfirmDialog>
    </>
  );
}

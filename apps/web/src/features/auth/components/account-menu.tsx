import AccountCircleOutlined from '@mui/icons-material/AccountCircleOutlined';
import DevicesOutlined from '@mui/icons-material/DevicesOutlined';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import Logout from '@mui/icons-material/Logout';
import MenuBookOutlined from '@mui/icons-material/MenuBookOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import MenuList from '@mui/material/MenuList';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import type { BrowserSession } from '@team-access/contract';
import { lazy, Suspense, useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { paths } from '@/lib/paths.ts';
import { useSignOut } from '../api/mutations.ts';

const ChangePasswordDialog = lazy(async () => ({
  default: (await import('./change-password-dialog.tsx')).ChangePasswordDialog,
}));

const YourSessionsDialog = lazy(async () => ({
  default: (await import('./your-sessions-dialog.tsx')).YourSessionsDialog,
}));

const accessLevelLabels = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' } as const;

function displayName(user: BrowserSession['user']): string | null {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name || null;
}

/**
 * The signed-in person (name, email, access level) and Sign out, behind a button in the app bar;
 * for OWNERs and ADMINs also the API reference (`/docs`).
 */
export function AccountMenu({ session }: { session: BrowserSession }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [changingPassword, setChangingPassword] = useState(false);
  const [viewingSessions, setViewingSessions] = useState(false);
  const signOut = useSignOut();
  const buttonId = useId();
  const menuId = useId();
  const open = anchor !== null;
  const { user } = session;
  const name = displayName(user);

  return (
    <>
      <Button
        id={buttonId}
        color="inherit"
        aria-label={`Account menu for ${user.email}`}
        aria-haspopup="menu"
        aria-controls={open ? menuId : undefined}
        aria-expanded={open}
        onClick={(event) => setAnchor(event.currentTarget)}
        startIcon={<AccountCircleOutlined />}
        sx={{ maxWidth: { xs: 48, sm: 320 }, minWidth: 0, '& .MuiButton-startIcon': { mr: { xs: 0, sm: 1 } } }}
      >
        <Box
          component="span"
          sx={{
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
            display: { xs: 'none', sm: 'inline' },
          }}
        >
          {user.email}
        </Box>
      </Button>
      <Popover
        open={open}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { minWidth: 240, mt: 0.5 } } }}
      >
        <Box sx={{ px: 2, py: 1.5 }}>
          {name && <Typography sx={{ fontWeight: 600 }}>{name}</Typography>}
          <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all' }}>
            {user.email}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {accessLevelLabels[user.role]}
          </Typography>
        </Box>
        <Divider />
        <MenuList id={menuId} aria-labelledby={buttonId} autoFocusItem={open}>
          <MenuItem component={RouterLink} to={paths.user(user.id)} onClick={() => setAnchor(null)}>
            <ListItemIcon>
              <PersonOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>My profile</ListItemText>
          </MenuItem>
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setChangingPassword(true);
            }}
          >
            <ListItemIcon>
              <KeyOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>Change password</ListItemText>
          </MenuItem>
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setViewingSessions(true);
            }}
          >
            <ListItemIcon>
              <DevicesOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>Your sessions</ListItemText>
          </MenuItem>
          {user.role !== 'MEMBER' && (
            // Who must use two-step sign-in: an OWNER changes it, an ADMIN reads it.
            <MenuItem component={RouterLink} to={paths.settings} onClick={() => setAnchor(null)}>
              <ListItemIcon>
                <SettingsOutlined fontSize="small" />
              </ListItemIcon>
              <ListItemText>Account settings</ListItemText>
            </MenuItem>
          )}
          {(user.role === 'OWNER' || user.role === 'ADMIN') && (
            // The IAM API's reference, relayed by the BFF to OWNERs and ADMINs: a page of its own, not the console's.
            <MenuItem component="a" href="/docs" onClick={() => setAnchor(null)}>
              <ListItemIcon>
                <MenuBookOutlined fontSize="small" />
              </ListItemIcon>
              <ListItemText>API reference</ListItemText>
            </MenuItem>
          )}
          <Divider />
          <MenuItem disabled={signOut.isPending} onClick={() => signOut.mutate()}>
            <ListItemIcon>
              <Logout fontSize="small" />
            </ListItemIcon>
            <ListItemText>{signOut.isPending ? 'Signing out…' : 'Sign out'}</ListItemText>
          </MenuItem>
        </MenuList>
      </Popover>
      {changingPassword && (
        <Suspense fallback={null}>
          <ChangePasswordDialog email={user.email} onClose={() => setChangingPassword(false)} />
        </Suspense>
      )}
      {viewingSessions && (
        <Suspense fallback={null}>
          <YourSessionsDialog user={user} onClose={() => setViewingSessions(false)} />
        </Suspense>
      )}
    </>
  );
}

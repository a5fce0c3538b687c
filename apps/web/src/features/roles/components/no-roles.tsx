import Add from '@mui/icons-material/Add';
import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import Button from '@mui/material/Button';
import { EmptyState } from '@/components/empty-state.tsx';

/** The Roles screen with no role yet, in either view: what roles are for, and the create action. */
export function NoRoles({ onCreate }: { onCreate: () => void }) {
  return (
    <EmptyState
      icon={<AdminPanelSettingsOutlined />}
      title="No roles yet"
      description="Create a role for each kind of work on your team (Marketing, Support, Finance…), choose its permissions once, then give it to members instead of switching permissions one by one."
    >
      <Button variant="contained" startIcon={<Add />} onClick={onCreate}>
        Create the first role
      </Button>
    </EmptyState>
  );
}

import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import Skeleton from '@mui/material/Skeleton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { GRANT_REFUSAL, type PermissionCatalog, REVOKE_REFUSAL } from '@team-access/contract';

interface PermissionCheckboxesProps {
  catalog: PermissionCatalog | undefined;
  value: Record<string, boolean>;
  onChange: (next: Record<string, boolean>) => void;
  /**
   * Keys this person may switch, on and off: they must hold them (ADR 017); a key they may not
   * switch stays as it is, read-only with the reason.
   */
  canGrant: (key: string) => boolean;
  disabled?: boolean;
}

/** The catalog as checkboxes, one group per category, each with a select-all. */
export function PermissionCheckboxes({ catalog, value, onChange, canGrant, disabled }: PermissionCheckboxesProps) {
  if (!catalog) {
    return (
      <Box role="status" aria-busy="true" aria-label="Loading permissions">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={32} />
        ))}
      </Box>
    );
  }
  const changeable = (key: string) => !disabled && canGrant(key);
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      {catalog.categories.map((category) => {
        const items = catalog.items.filter((p) => p.category === category.key);
        const on = items.filter((p) => value[p.key] === true).length;
        const settable = items.filter((p) => changeable(p.key));
        const labelId = `permission-group-${category.key}`;
        return (
          <Box component="fieldset" key={category.key} sx={{ border: 0, m: 0, p: 0, minWidth: 0 }}>
            <FormLabel component="legend" id={labelId} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Checkbox
                size="small"
                checked={on === items.length}
                indeterminate={on > 0 && on < items.length}
                disabled={settable.length === 0}
                onChange={(event) => {
                  const next = { ...value };
                  for (const p of items) {
                    if (changeable(p.key)) next[p.key] = event.target.checked;
                  }
                  onChange(next);
                }}
                slotProps={{ input: { 'aria-label': `All of ${category.label}` } }}
              />
              <Typography component="span" variant="subtitle2" color="text.primary">
                {category.label}
              </Typography>
              <Typography component="span" variant="caption" color="text.secondary">
                {on}/{items.length}
              </Typography>
            </FormLabel>
            <FormGroup sx={{ pl: 4 }}>
              {items.map((permission) => {
                const checked = value[permission.key] === true;
                const locked = !changeable(permission.key);
                const control = (
                  <FormControlLabel
                    key={permission.key}
                    label={permission.label}
                    disabled={locked}
                    control={
                      <Checkbox
                        size="small"
                        checked={checked}
                        onChange={(event) => onChange({ ...value, [permission.key]: event.target.checked })}
                      />
                    }
                  />
                );
                return locked && !disabled ? (
                  <Tooltip key={permission.key} title={checked ? REVOKE_REFUSAL : GRANT_REFUSAL} placement="left">
                    <span>{control}</span>
                  </Tooltip>
                ) : (
                  control
                );
              })}
            </FormGroup>
          </Box>
        );
      })}
    </Box>
  );
}

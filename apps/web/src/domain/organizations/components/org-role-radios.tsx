import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import type { OrgRole } from '@team-access/contract';
import { useId } from 'react';
import { orgRoleHelp, orgRoleLabels } from '../org-roles.ts';

/** A choice of org role, each with what it allows; roles this person may not give are left out. */
export function OrgRoleRadios({
  value,
  onChange,
  roles,
  label,
  error,
}: {
  value: OrgRole;
  onChange: (role: OrgRole) => void;
  roles: readonly OrgRole[];
  label: string;
  error?: string | undefined;
}) {
  const labelId = useId();
  return (
    <FormControl error={Boolean(error)}>
      <FormLabel id={labelId}>{label}</FormLabel>
      <RadioGroup aria-labelledby={labelId} value={value} onChange={(event) => onChange(event.target.value as OrgRole)}>
        {roles.map((role) => (
          <FormControlLabel
            key={role}
            value={role}
            control={<Radio />}
            label={
              <span>
                {orgRoleLabels[role]}{' '}
                <Typography component="span" variant="body2" color="text.secondary">
                  — {orgRoleHelp[role]}
                </Typography>
              </span>
            }
          />
        ))}
      </RadioGroup>
      {error && (
        <Typography variant="caption" color="error" role="alert">
          {error}
        </Typography>
      )}
    </FormControl>
  );
}

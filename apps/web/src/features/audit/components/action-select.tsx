import CheckBox from '@mui/icons-material/CheckBox';
import CheckBoxOutlineBlank from '@mui/icons-material/CheckBoxOutlineBlank';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { type AuditAction, auditActions } from '@team-access/contract';
import { actionLabels } from '@/domain/audit/actions.ts';

const AREAS: { label: string; prefix: string }[] = [
  { label: 'Members', prefix: 'user.' },
  { label: 'Sign-in', prefix: 'auth.' },
  { label: 'Roles', prefix: 'role.' },
  { label: 'Organizations', prefix: 'organization.' },
  { label: 'Invitations', prefix: 'invitation.' },
  { label: 'Webhooks', prefix: 'webhook.' },
];

/** The Action filter: one or several actions, grouped by what they are about. */
export function ActionSelect({ value, onChange }: { value: string[]; onChange: (actions: string[]) => void }) {
  const label = (a: string) => actionLabels[a as AuditAction] ?? a;
  return (
    <FormControl sx={{ minWidth: 200, flex: { md: '0 1 260px' } }}>
      <InputLabel id="audit-action-label" shrink>
        Action
      </InputLabel>
      <Select<string[]>
        labelId="audit-action-label"
        label="Action"
        multiple
        displayEmpty
        notched
        value={value}
        renderValue={(selected) =>
          selected.length === 0
            ? 'Any'
            : selected.length === 1
              ? label(selected[0] as string)
              : `${selected.length} actions`
        }
        onChange={(event) => {
          const next = event.target.value;
          onChange(typeof next === 'string' ? next.split(',') : next.filter(Boolean));
        }}
        MenuProps={{ slotProps: { paper: { sx: { maxHeight: 420 } } } }}
      >
        {AREAS.flatMap((area) => [
          <ListSubheader key={area.prefix}>{area.label}</ListSubheader>,
          ...auditActions
            .filter((action) => action.startsWith(area.prefix))
            .map((action) => (
              <MenuItem key={action} value={action} dense>
                {/* The option's aria-selected tells the choice; the box only shows it (no control inside an option). */}
                {value.includes(action) ? (
                  <CheckBox fontSize="small" color="primary" aria-hidden sx={{ mr: 1 }} />
                ) : (
                  <CheckBoxOutlineBlank fontSize="small" aria-hidden sx={{ mr: 1 }} />
                )}
                <ListItemText primary={actionLabels[action]} />
              </MenuItem>
            )),
        ])}
      </Select>
    </FormControl>
  );
}

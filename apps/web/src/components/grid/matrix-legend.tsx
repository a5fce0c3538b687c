import Box from '@mui/material/Box';
import { CheckMark } from './check-mark.tsx';
import { checkStyles } from './matrix-layout.ts';

const looks = [
  { className: 'pm-check pm-direct', label: 'Granted', mark: true },
  { className: 'pm-check pm-inherited', label: 'Granted by a role', mark: true },
  { className: 'pm-check pm-level', label: 'Owner: granted by the access level', mark: true },
  { className: 'pm-check', label: 'Not granted', mark: false },
  { className: 'pm-check pm-locked', label: 'Read-only (select it for why)', mark: false },
];

/** What the cells' looks mean, above the grid; a role's grid has no inherited or owner look. */
export function MatrixLegend({ inherited = true }: { inherited?: boolean }) {
  return (
    <Box
      component="ul"
      aria-label="Legend"
      sx={(theme) => ({
        ...checkStyles(theme),
        display: 'flex',
        flexWrap: 'wrap',
        gap: { xs: 1.5, sm: 3 },
        m: 0,
        p: 0,
        listStyle: 'none',
        fontSize: '0.875rem',
        color: 'text.secondary',
        '& li': { display: 'flex', alignItems: 'center', gap: 1 },
        '& li .pm-check': { cursor: 'default', flexShrink: 0 },
      })}
    >
      {looks
        .filter((look) => inherited || !/pm-inherited|pm-level/.test(look.className))
        .map((look) => (
          <li key={look.label}>
            <span className={look.className} aria-hidden>
              {look.mark && <CheckMark />}
            </span>
            {look.label}
          </li>
        ))}
    </Box>
  );
}

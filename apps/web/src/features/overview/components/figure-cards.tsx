import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import Typography from '@mui/material/Typography';
import type { Overview } from '@team-access/contract';
import { Link as RouterLink } from 'react-router';
import { paths } from '@/lib/paths.ts';
import { figureGrid, numberFormat, usersLink } from '../layout.ts';

interface Figure {
  label: string;
  value: number;
  /** The list it counts. */
  to: string;
  /** A second line: what the figure means, or its part. */
  detail?: string;
  /** Counted past 10,000: the planner's estimate (ADR 040). */
  estimated?: boolean;
}

function figuresOf(o: Overview): Figure[] {
  const active = o.members.byStatus.active;
  const inactiveSince = usersLink({ status: 'active', sort: 'lastLoginAt' });
  const about = (path: string) => o.members.estimated.includes(path);
  return [
    {
      label: 'Members',
      value: o.members.total,
      to: paths.users,
      detail: `${about('byStatus.active') ? 'about ' : ''}${numberFormat.format(active)} active`,
      estimated: about('total'),
    },
    {
      label: 'Pending invitations',
      value: o.invitations.pending,
      to: `${paths.invites}?status=pending`,
      detail: 'Not accepted yet',
    },
    {
      label: 'Invitations expiring',
      value: o.invitations.expiring,
      to: `${paths.invites}?status=pending`,
      detail: `Within ${o.invitations.expiringWithinHours} hours`,
    },
    {
      label: 'Without two-step sign-in',
      value: o.members.withoutTwoStep,
      to: usersLink({ status: 'active', twoStep: 'off' }),
      detail: 'Active members',
      estimated: about('withoutTwoStep'),
    },
    {
      label: 'Inactive 30 days',
      value: o.members.inactive30Days,
      to: inactiveSince,
      detail: 'No sign-in in 30 days',
      estimated: about('inactive30Days'),
    },
    {
      label: 'Inactive 90 days',
      value: o.members.inactive90Days,
      to: inactiveSince,
      detail: 'No sign-in in 90 days',
      estimated: about('inactive90Days'),
    },
    { label: 'Roles', value: o.roles, to: paths.roles, detail: 'Permission groups' },
    { label: 'Organizations', value: o.organizations, to: paths.organizations, detail: 'Companies and teams' },
  ];
}

/** The headline figures, each a link to the list it counts. */
export function FigureCards({ overview }: { overview: Overview }) {
  return (
    <Box component="ul" aria-label="Figures" sx={{ ...figureGrid, listStyle: 'none', m: 0, p: 0 }}>
      {figuresOf(overview).map((figure) => (
        <Card component="li" key={figure.label} variant="outlined">
          <CardActionArea component={RouterLink} to={figure.to} sx={{ p: 2, height: '100%' }}>
            <Typography
              component="span"
              sx={{ display: 'block', fontSize: '1.75rem', fontWeight: 700, lineHeight: 1.2 }}
            >
              {figure.estimated && (
                <Typography component="span" variant="body2" sx={{ mr: 0.5 }}>
                  about
                </Typography>
              )}
              {numberFormat.format(figure.value)}
            </Typography>
            <Typography component="span" sx={{ display: 'block', fontWeight: 600 }}>
              {figure.label}
            </Typography>
            {figure.detail && (
              <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
                {figure.detail}
              </Typography>
            )}
          </CardActionArea>
        </Card>
      ))}
    </Box>
  );
}

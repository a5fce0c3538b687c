import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { accessLevels, type Overview, userStatuses } from '@team-access/contract';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { visuallyHidden } from '@/components/visually-hidden.tsx';
import { auditLink } from '@/domain/audit/filters.ts';
import { chartGrid, numberFormat, usersLink } from '../layout.ts';

/**
 * The overview's charts (@mui/x-charts, loaded with this file only: ADR 040). A chart is a picture
 * for the eyes (hidden from screen readers); its figures are the text under it, each a link to the
 * list it counts, or a table for screen readers where they are too many to list (30 days).
 */

const CHART_HEIGHT = 220;
const statusLabels = { active: 'Active', inactive: 'Inactive', invited: 'Invited' } as const;
const levelLabels = { OWNER: 'Owners', ADMIN: 'Admins', MEMBER: 'Members' } as const;
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' });

interface Bar {
  label: string;
  value: number;
  to?: string;
  /** An estimate (ADR 040): the text says "about". */
  estimated?: boolean;
}

function ChartCard({
  title,
  id,
  children,
  figures,
}: {
  title: string;
  id: string;
  children: ReactNode;
  figures: ReactNode;
}) {
  return (
    <Card component="figure" aria-labelledby={id} sx={{ m: 0, p: 2, minWidth: 0 }}>
      <Typography id={id} component="figcaption" variant="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Box aria-hidden="true" sx={{ width: '100%', minWidth: 0 }}>
        {children}
      </Box>
      {figures}
    </Card>
  );
}

/** The chart's figures as text, each a link to its list where there is one. */
function FigureList({ bars, label }: { bars: Bar[]; label: string }) {
  return (
    <Box
      component="ul"
      aria-label={label}
      sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, rowGap: 0.5, listStyle: 'none', m: 0, p: 0 }}
    >
      {bars.map((bar) => (
        <li key={bar.label}>
          {bar.to ? (
            <Link component={RouterLink} to={bar.to}>
              {bar.label}: {bar.estimated ? 'about ' : ''}
              {numberFormat.format(bar.value)}
            </Link>
          ) : (
            `${bar.label}: ${bar.estimated ? 'about ' : ''}${numberFormat.format(bar.value)}`
          )}
        </li>
      ))}
    </Box>
  );
}

function Bars({ bars, horizontal = false }: { bars: Bar[]; horizontal?: boolean }) {
  const band = { scaleType: 'band' as const, data: bars.map((b) => b.label) };
  return (
    <BarChart
      height={horizontal ? Math.max(CHART_HEIGHT, bars.length * 26 + 40) : CHART_HEIGHT}
      layout={horizontal ? 'horizontal' : 'vertical'}
      series={[{ data: bars.map((b) => b.value), valueFormatter: (v) => numberFormat.format(v ?? 0) }]}
      {...(horizontal
        ? { yAxis: [{ ...band, width: 130 }], xAxis: [{ tickMinStep: 1 }] }
        : { xAxis: [band], yAxis: [{ tickMinStep: 1, width: 48 }] })}
      hideLegend
      disableKeyboardNavigation
      margin={{ right: 16, top: 8 }}
    />
  );
}

export function OverviewCharts({ overview: o }: { overview: Overview }) {
  const about = (path: string) => o.members.estimated.includes(path);
  const status: Bar[] = userStatuses.map((s) => ({
    label: statusLabels[s],
    value: o.members.byStatus[s],
    to: usersLink({ status: s }),
    estimated: about(`byStatus.${s}`),
  }));
  const levels: Bar[] = accessLevels.map((l) => ({
    label: levelLabels[l],
    value: o.members.byAccessLevel[l],
    to: usersLink({ role: l }),
    estimated: about(`byAccessLevel.${l}`),
  }));
  const held = o.permissions.map((p) => ({
    label: p.label,
    value: p.members,
    estimated: o.permissionCounts.estimated,
  }));
  const extremes = held.length > 10 ? [...held.slice(0, 5), ...held.slice(-5)] : held;
  const signIns = o.signInsPerDay.reduce((sum, d) => sum + d.count, 0);

  return (
    <Box sx={chartGrid}>
      <ChartCard
        title="Members by status"
        id="chart-status"
        figures={<FigureList bars={status} label="Members by status" />}
      >
        <Bars bars={status} />
      </ChartCard>
      <ChartCard
        title="Members by access level"
        id="chart-levels"
        figures={<FigureList bars={levels} label="Members by access level" />}
      >
        <Bars bars={levels} />
      </ChartCard>
      <ChartCard
        title="Sign-ins per day, last 30 days"
        id="chart-sign-ins"
        figures={
          <>
            <Typography variant="body2">
              {numberFormat.format(signIns)} sign-ins in 30 days.{' '}
              <Link component={RouterLink} to={auditLink({ action: 'auth.signed_in' })}>
                Open the sign-ins in Audit
              </Link>
            </Typography>
            <Box component="table" sx={visuallyHidden}>
              <caption>Sign-ins per day, last 30 days (UTC)</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Sign-ins</th>
                </tr>
              </thead>
              <tbody>
                {o.signInsPerDay.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{longDayFormat.format(new Date(d.date))}</th>
                    <td>{numberFormat.format(d.count)}</td>
                  </tr>
                ))}
              </tbody>
            </Box>
          </>
        }
      >
        <BarChart
          height={CHART_HEIGHT}
          xAxis={[
            {
              scaleType: 'band',
              data: o.signInsPerDay.map((d) => d.date),
              valueFormatter: (date: string) => dayFormat.format(new Date(date)),
              tickLabelMinGap: 12,
            },
          ]}
          yAxis={[{ tickMinStep: 1, width: 48 }]}
          series={[{ data: o.signInsPerDay.map((d) => d.count), valueFormatter: (v) => numberFormat.format(v ?? 0) }]}
          hideLegend
          disableKeyboardNavigation
          margin={{ right: 16, top: 8 }}
        />
      </ChartCard>
      <ChartCard
        title={held.length > 10 ? 'Permissions most and least held' : 'Permissions held'}
        id="chart-permissions"
        figures={
          <>
            <FigureList bars={extremes} label="Members holding each permission" />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              Members who hold it directly, through a role, or as an owner
              {o.permissionCounts.estimated
                ? `, estimated from a sample of ${numberFormat.format(o.permissionCounts.membersRead)} members.`
                : '.'}{' '}
              <Link component={RouterLink} to="/permissions">
                Open the matrix
              </Link>
            </Typography>
          </>
        }
      >
        <Bars bars={extremes} horizontal />
      </ChartCard>
    </Box>
  );
}

import type { Overview } from '@team-access/contract';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderRoutes } from '@/test/render.tsx';
import { OverviewScreen } from './overview-screen.tsx';

const NOW = '2026-12-07T12:00:00.000Z';

/** A brand-new account: the owner alone, nothing else yet. */
const newTeam: Overview = {
  generatedAt: NOW,
  members: {
    total: 1,
    byStatus: { active: 1, inactive: 0, invited: 0 },
    byAccessLevel: { OWNER: 1, ADMIN: 0, MEMBER: 0 },
    withoutTwoStep: 1,
    inactive30Days: 0,
    inactive90Days: 0,
    estimated: [],
  },
  invitations: { pending: 0, expiring: 0, expiringWithinHours: 72 },
  permissions: [{ key: 'ignite', label: 'Ignite', category: 'Products', members: 1 }],
  permissionCounts: { estimated: false, membersRead: 0 },
  roles: 0,
  organizations: 0,
  signInsPerDay: [{ date: '2026-12-07', count: 1 }],
  latestChanges: [],
};

function stub(overview: () => Response) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url.endsWith('/api/session')) return jsonResponse(200, testSession);
      if (url.endsWith('/api/iam/overview')) return overview();
      if (url.endsWith('/api/iam/permissions')) return jsonResponse(200, { items: [], categories: [] });
      return jsonResponse(404, {});
    }),
  );
}

const open = () => renderRoutes([{ path: '/overview', element: <OverviewScreen /> }], '/overview');

describe('OverviewScreen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when the account is brand new, then its figures show with what to do first, and no charts', async () => {
    stub(() => jsonResponse(200, newTeam));
    open();
    expect(
      await screen.findByRole('heading', { name: 'Your team is just you so far' }, { timeout: 5000 }),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: /^1 Members/ })).toHaveAttribute('href', '/users');
    expect(screen.getByRole('link', { name: /^1 Without two-step sign-in/ })).toHaveAttribute(
      'href',
      '/users?status=active&twoStep=off',
    );
    expect(screen.getByRole('link', { name: 'Invite people' })).toHaveAttribute('href', '/invites');
    expect(screen.queryByRole('figure')).toBeNull();
    expect(screen.getByText(/Nothing changed yet/)).toBeVisible();
    // The first test loads the screen's code: time for a loaded machine.
  }, 20_000);

  it('when the overview cannot be read, then it says so and Try again reads it again', async () => {
    let calls = 0;
    stub(() => {
      calls += 1;
      return calls === 1
        ? jsonResponse(503, {
            type: 'about:blank',
            title: 'Unavailable',
            status: 503,
            detail: 'The IAM service is busy.',
            code: 'overloaded',
          })
        : jsonResponse(200, newTeam);
    });
    const { user } = open();
    expect(await screen.findByText(/The overview could not be loaded/, undefined, { timeout: 5000 })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Your team is just you so far' })).toBeVisible();
  });
});

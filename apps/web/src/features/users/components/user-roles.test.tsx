import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { BrowserSession, Role, User } from '@team-access/contract';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { roleQueries } from '@/domain/roles/queries.ts';
import { sessionQueries } from '@/lib/session.ts';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { UserRoles } from './user-roles.tsx';

const role = (id: string, name: string, permissions: string[], memberCount = 1): Role => ({
  id,
  name,
  description: null,
  permissions,
  memberCount,
  createdAt: testSession.user.createdAt,
  updatedAt: testSession.user.createdAt,
  version: 1,
});
const marketing = role('00000000-0000-4000-8000-0000000000a1', 'Marketing', ['journey']);
const finance = role('00000000-0000-4000-8000-0000000000a2', 'Finance', ['billing', 'payments'], 0);
const support = role('00000000-0000-4000-8000-0000000000a3', 'Support', ['journey'], 0);

const member: User = {
  ...testSession.user,
  id: '00000000-0000-4000-8000-0000000000b1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: null,
  role: 'MEMBER',
  groups: [marketing.id],
  effectivePermissions: ['journey'],
  permissionSources: { journey: [{ type: 'role', roleId: marketing.id, roleName: 'Marketing' }] },
};

function renderRoles(me: User, user: User = member) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const session: BrowserSession = { ...testSession, user: me };
  client.setQueryData<BrowserSession | null>(sessionQueries.current().queryKey, session);
  client.setQueryData(roleQueries.list().queryKey, { items: [finance, marketing, support] });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <MemoryRouter>{children}</MemoryRouter>
    </QueryClientProvider>
  );
  render(<UserRoles user={user} />, { wrapper });
  return userEvent.setup();
}

describe('UserRoles', () => {
  it('when an admin lacks a held role’s permissions, then it cannot be removed and says why (ADR 017)', () => {
    const holder = { ...member, groups: [marketing.id, finance.id] };
    renderRoles({ ...testSession.user, role: 'ADMIN', effectivePermissions: ['journey'] }, holder);
    const held = screen.getByRole('list', { name: 'Roles held' });
    const removeFinance = within(held).getByRole('button', { name: 'Remove role Finance' });
    expect(removeFinance).toBeDisabled();
    expect(removeFinance).toHaveAccessibleDescription(
      'Role "Finance" carries billing, payments, which you do not hold, so you cannot take it away',
    );
    expect(within(held).getByRole('button', { name: 'Remove role Marketing' })).toBeEnabled();
  });

  it('when an admin lacks a role’s permissions, then that role cannot be added and says why', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(200, { ...member, groups: [marketing.id, support.id] }));
    vi.stubGlobal('fetch', fetchMock);
    const user = renderRoles({ ...testSession.user, role: 'ADMIN', effectivePermissions: ['journey'] });
    expect(
      within(screen.getByRole('list', { name: 'Roles held' })).getByRole('link', { name: 'Marketing' }),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Add a role' }));
    const finance = screen.getByRole('menuitem', { name: /Finance/ });
    expect(finance).toHaveAttribute('aria-disabled', 'true');
    expect(finance).toHaveTextContent('Role "Finance" grants billing, payments, which you do not hold');
    await user.click(screen.getByRole('menuitem', { name: /Support/ }));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(`/api/iam/roles/${support.id}/members/${member.id}`);
    expect(init.method).toBe('PUT');
  });

  it('when a member looks at their own page, then their roles are listed read-only from their sources', () => {
    vi.stubGlobal('fetch', vi.fn());
    renderRoles(member);
    expect(within(screen.getByRole('list', { name: 'Roles held' })).getByText('Marketing')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add a role' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('when an admin looks at an owner, then the roles are read-only with the reason', () => {
    vi.stubGlobal('fetch', vi.fn());
    renderRoles({ ...testSession.user, role: 'ADMIN' }, { ...member, role: 'OWNER' });
    expect(screen.getByText('Only an owner can change or remove an owner.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Add a role' })).toBeNull();
  });
});

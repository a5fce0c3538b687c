import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  type BrowserSession,
  END_OWNER_SESSIONS_REFUSAL,
  type User,
  type UserSession,
  type UserSessionList,
} from '@team-access/contract';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionQueries } from '@/lib/session.ts';
import { answerEveryFetchWithProblem, jsonResponse, testSession } from '@/test/fixtures.ts';
import { userSessionQueries } from '../queries.ts';
import { SessionList } from './session-list.tsx';

const person = (id: string, role: User['role'], firstName: string): User => ({
  ...testSession.user,
  id,
  email: `${firstName.toLowerCase()}@example.com`,
  firstName,
  lastName: null,
  role,
});
const owner = person('00000000-0000-4000-8000-0000000000c1', 'OWNER', 'Olga');
const admin = person('00000000-0000-4000-8000-0000000000c2', 'ADMIN', 'Adam');
const member = person('00000000-0000-4000-8000-0000000000c3', 'MEMBER', 'Mia');

const session = (id: string, more: Partial<UserSession> = {}): UserSession => ({
  id,
  createdAt: '2026-12-07T08:00:00.000Z',
  lastSeenAt: '2026-12-07T08:00:00.000Z',
  expiresAt: '2026-12-07T20:00:00.000Z',
  ip: '203.0.113.7',
  userAgent: null,
  browser: 'Firefox 133',
  system: 'Windows',
  current: false,
  ...more,
});

function renderList(me: User, user: User, list?: UserSessionList) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const signedIn: BrowserSession = { ...testSession, user: me };
  client.setQueryData<BrowserSession | null>(sessionQueries.current().queryKey, signedIn);
  if (list) {
    client.setQueryData(userSessionQueries.list(user.id).queryKey, list);
    // The list refetches on mount (it is never fresh for long): the server answers the same list.
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) =>
        init?.method === 'DELETE' ? jsonResponse(200, { ended: list.items.length - 1 }) : jsonResponse(200, list),
      ),
    );
  }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  render(<SessionList user={user} />, { wrapper });
  return userEvent.setup();
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SessionList', () => {
  it("when an admin looks at an owner's sessions, then they see them with the reason they cannot sign them out", () => {
    renderList(admin, owner, { items: [session('00000000-0000-4000-8000-0000000000d1')], total: 1 });
    expect(screen.getByRole('list', { name: 'Sessions of Olga' })).toHaveTextContent('Firefox 133 on Windows');
    expect(screen.getByRole('alert')).toHaveTextContent(END_OWNER_SESSIONS_REFUSAL);
    expect(screen.queryByRole('button', { name: /Sign out/ })).toBeNull();
  });

  it('when a member has no session, then the list says so and offers nothing to sign out', () => {
    renderList(owner, member, { items: [], total: 0 });
    expect(screen.getByText('Mia is not signed in anywhere.')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('when a person signs out their other sessions, then the confirm names them and the call keeps this one', async () => {
    const user = renderList(member, member, {
      items: [
        session('00000000-0000-4000-8000-0000000000d2', { current: true, browser: 'Chrome 131', system: 'macOS' }),
        session('00000000-0000-4000-8000-0000000000d3'),
      ],
      total: 2,
    });
    const list = screen.getByRole('list', { name: 'Your sessions' });
    expect(within(list).getAllByRole('button', { name: /^Sign out / })).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Sign out other sessions' }));
    const confirm = screen.getByRole('dialog', { name: 'Sign out your other sessions?' });
    expect(confirm).toHaveTextContent('Your 1 other session (Firefox 133 on Windows) end now.');
    await user.click(within(confirm).getByRole('button', { name: 'Sign out others' }));

    const calls = vi.mocked(fetch).mock.calls as [string, RequestInit | undefined][];
    await vi.waitFor(() =>
      expect(calls.filter(([, init]) => init?.method === 'DELETE').map(([url]) => url)).toEqual([
        `/api/iam/multi-user/${member.id}/sessions`,
      ]),
    );
  });

  it('when the list cannot be loaded, then it says so and offers Try again', async () => {
    answerEveryFetchWithProblem(503, 'upstream_unavailable', 'Unavailable', { detail: 'The IAM service failed.' });
    renderList(owner, member);
    expect(await screen.findByText(/The sessions could not be loaded\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

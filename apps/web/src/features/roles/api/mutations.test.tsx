import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { roleQueries } from '@/domain/roles/queries.ts';
import { getNotifications } from '@/lib/notifications.ts';
import { jsonResponse } from '@/test/fixtures.ts';
import { aRole } from '../test-roles.ts';
import { useRoleCellToggle } from './mutations.ts';

const A = '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10';
const B = '1c8f5063-6b66-4d7f-8e4b-3a1a4d2d0b21';
const role = (id: string, name: string, permissions: string[], version = 1) => aRole(id, permissions, version, name);
const column = (key: string) => ({ key, label: key.toUpperCase(), description: '' });

/** The grid by role's cache: the list only, no role detail loaded. */
function setup() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(roleQueries.list().queryKey, {
    items: [role(A, 'Alpha', ['x'], 3), role(B, 'Beta', [], 7)],
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const { result } = renderHook(() => useRoleCellToggle(), { wrapper });
  const rows = () => client.getQueryData(roleQueries.list().queryKey)?.items ?? [];
  return { client, toggle: result.current, rows };
}

type Call = { url: string; init: RequestInit };
const patches = (fetchMock: ReturnType<typeof vi.fn>): Call[] =>
  fetchMock.mock.calls.map(([url, init]) => ({ url, init })).filter((call: Call) => call.init?.method === 'PATCH');

describe('toggling a cell of the grid by role', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when cells of two roles are switched, then each row shows it at once, each write carries its role version, and the list rows become the answers', async () => {
    const versions = new Map([
      [A, 3],
      [B, 7],
    ]);
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      const id = url.split('/').pop() ?? '';
      const version = (versions.get(id) ?? 0) + 1;
      versions.set(id, version);
      const body = JSON.parse(String(init?.body));
      return jsonResponse(200, role(id, id === A ? 'Alpha' : 'Beta', body.permissions, version));
    });
    vi.stubGlobal('fetch', fetchMock);
    const { toggle, rows } = setup();

    act(() => {
      toggle(role(A, 'Alpha', ['x'], 3), column('y'), true);
      toggle(role(B, 'Beta', [], 7), column('x'), true);
      toggle(role(A, 'Alpha', ['x', 'y'], 3), column('x'), false);
    });

    // Shown before any answer.
    await waitFor(() => expect(rows().map((r) => [...r.permissions].sort())).toEqual([['y'], ['x']]));
    await waitFor(() => expect(patches(fetchMock)).toHaveLength(3));
    const sent = patches(fetchMock).map(({ url, init }) => ({
      role: url.split('/').pop(),
      ifMatch: (init.headers as Record<string, string>)['If-Match'],
      permissions: [...JSON.parse(String(init.body)).permissions].sort(),
    }));
    // One after another: the second write for Alpha carries the version the first one answered.
    expect(sent).toEqual([
      { role: A, ifMatch: '"3"', permissions: ['x', 'y'] },
      { role: B, ifMatch: '"7"', permissions: ['x'] },
      { role: A, ifMatch: '"4"', permissions: ['y'] },
    ]);
    await waitFor(() => expect(rows().map((r) => r.version)).toEqual([5, 8]));
    expect(rows().map((r) => r.permissions)).toEqual([['y'], ['x']]);
  });

  it('when a write is refused, then only that cell goes back in its row and a toast says why', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(403, {
        type: 'urn:team-access:problem:forbidden',
        title: 'Forbidden',
        status: 403,
        code: 'forbidden',
        detail: 'You can put in a role only permissions you hold yourself.',
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { toggle, rows } = setup();

    act(() => toggle(role(B, 'Beta', [], 7), column('z'), true));

    await waitFor(() => expect(patches(fetchMock)).toHaveLength(1));
    await waitFor(() => expect(rows()[1]?.permissions).toEqual([]));
    expect(rows()[0]?.permissions).toEqual(['x']);
    expect(getNotifications().at(-1)?.message).toMatch(/^Z was not added to Beta: /);
  });

  it('when the role changed elsewhere (412), then its row shows the reloaded role and a toast says so', async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'PATCH'
        ? jsonResponse(412, {
            type: 'urn:team-access:problem:precondition_failed',
            title: 'Precondition failed',
            status: 412,
            code: 'precondition_failed',
            detail: 'The role was changed.',
          })
        : jsonResponse(200, role(B, 'Beta', ['w'], 9)),
    );
    vi.stubGlobal('fetch', fetchMock);
    const { toggle, rows } = setup();

    act(() => toggle(role(B, 'Beta', [], 7), column('z'), true));

    await waitFor(() => expect(rows()[1]).toEqual(role(B, 'Beta', ['w'], 9)));
    expect(getNotifications().at(-1)?.message).toMatch(/^Beta was changed by someone else since you loaded it/);
  });

  it('when a change lands, then its toast says how many members it reaches and its Undo puts the cell back with the next version', async () => {
    let version = 7;
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      version += 1;
      const body = JSON.parse(String(init?.body));
      return jsonResponse(200, { ...role(B, 'Beta', body.permissions, version), memberCount: 3 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const { toggle, rows } = setup();

    act(() => toggle(role(B, 'Beta', [], 7), column('z'), true));

    // Toasts of one group replace each other in place: the role grid's is found by its group.
    const toast = () => getNotifications().find((n) => n.group === 'role-permissions');
    await waitFor(() => expect(toast()?.message).toBe('Added Z to Beta: applies to the 3 members who hold it'));
    const undo = toast()?.action;
    expect(undo?.label).toBe('Undo');
    act(() => undo?.onClick());

    await waitFor(() => expect(patches(fetchMock)).toHaveLength(2));
    const second = patches(fetchMock)[1] as Call;
    expect((second.init.headers as Record<string, string>)['If-Match']).toBe('"8"');
    expect(JSON.parse(String(second.init.body)).permissions).toEqual([]);
    await waitFor(() => expect(rows()[1]?.permissions).toEqual([]));
    await waitFor(() =>
      expect(toast()?.message).toBe('Undone: Z is out of Beta again, applies to the 3 members who hold it'),
    );
    // An undo offers no undo of its own.
    expect(toast()?.action).toBeUndefined();
  });
});

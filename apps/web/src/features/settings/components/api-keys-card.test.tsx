import type { ApiKey, CreatedApiKey } from '@team-access/contract';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEveryFetchWithProblem, jsonResponse } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { ApiKeysCard } from './api-keys-card.tsx';

const key = (more: Partial<ApiKey> = {}): ApiKey => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  keyId: 'tak_abcdefghijklmnopqrstuv',
  name: 'Nightly sync',
  scopes: ['users:read'],
  status: 'active',
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: { id: '00000000-0000-4000-8000-0000000000b1', name: 'Olga Owner' },
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...more,
});

/** The server: the list answers `items`; a create answers `created`; a revoke 204. Gives the mock. */
function server(items: ApiKey[], created?: CreatedApiKey) {
  const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
    if (init?.method === 'POST') return jsonResponse(201, created);
    if (init?.method === 'DELETE') return new Response(null, { status: 204 });
    return jsonResponse(200, { items });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

// The first render loads MUI and the dialog's form in jsdom: seconds on a shared machine.
describe('ApiKeysCard', { timeout: 30_000 }, () => {
  it('when there is no key, then it says what keys are for and offers to create one', async () => {
    server([]);
    renderWithClient(<ApiKeysCard />);
    expect(await screen.findByText(/No API keys yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create API key' })).toBeInTheDocument();
  });

  it('when the list cannot be loaded, then it says so and offers Try again', async () => {
    answerEveryFetchWithProblem(503, 'upstream_unavailable', 'Unavailable');
    renderWithClient(<ApiKeysCard />);
    expect(await screen.findByText(/The API keys could not be loaded\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('when keys are listed, then each shows its status, scopes, creator, expiry and last use; a revoked one offers no Revoke', async () => {
    server([
      key({ expiresAt: '2027-03-01T12:00:00.000Z', lastUsedAt: '2026-12-07T09:00:00.000Z' }),
      key({
        id: '00000000-0000-4000-8000-0000000000a2',
        name: 'Old',
        status: 'revoked',
        revokedAt: '2026-12-05T12:00:00.000Z',
      }),
    ]);
    renderWithClient(<ApiKeysCard />);
    const active = await screen.findByRole('listitem', { name: 'Nightly sync' });
    expect(active).toHaveTextContent('Active');
    expect(active).toHaveTextContent('users:read');
    expect(active).toHaveTextContent('by Olga Owner');
    expect(active).toHaveTextContent('Expires');
    expect(active).toHaveTextContent('Last used');
    const old = screen.getByRole('listitem', { name: 'Old' });
    expect(old).toHaveTextContent('Revoked');
    expect(within(old).queryByRole('button')).toBeNull();
  });

  it('when an owner revokes a key, then the confirm names it and the key is revoked by its id', async () => {
    const fetchMock = server([key()]);
    const { user } = renderWithClient(<ApiKeysCard />);
    await user.click(await screen.findByRole('button', { name: 'Revoke Nightly sync' }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke API key Nightly sync?' });
    expect(confirm).toHaveTextContent('tak_abcdefghijklmnopqrstuv');
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE').map(([url]) => url)).toEqual([
        '/api/iam/api-keys/00000000-0000-4000-8000-0000000000a1',
      ]),
    );
  });

  it('when an owner creates a key, then the form asks for a name and a scope, sends the choices, and shows the secret once', async () => {
    const created: CreatedApiKey = { apiKey: key({ name: 'CI' }), secret: 'tas_the-secret-shown-once' };
    const fetchMock = server([], created);
    const { user } = renderWithClient(<ApiKeysCard />);
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create an API key' });
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Enter a name')).toBeInTheDocument();
    expect(within(dialog).getByText('Choose at least one scope')).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/Name/), 'CI');
    await user.click(within(dialog).getByRole('checkbox', { name: /^roles:write/ }));
    await user.click(within(dialog).getByRole('radio', { name: /^Never/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'API key CI is ready' });
    expect(shown).toHaveTextContent('tas_the-secret-shown-once');
    expect(shown).toHaveTextContent('shown only this once');
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(post?.[0]).toBe('/api/iam/api-keys');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ name: 'CI', scopes: ['roles:write'], expiresAt: null });
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('tas_the-secret-shown-once')).toBeNull();
  });
});

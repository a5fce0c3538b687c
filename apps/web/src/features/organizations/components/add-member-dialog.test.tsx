import type { OrganizationMember, User } from '@team-access/contract';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { acme } from '../test-organizations.ts';
import { AddMemberDialog } from './add-member-dialog.tsx';

const person = (id: string, firstName: string): User => ({
  ...testSession.user,
  id,
  email: `${firstName.toLowerCase()}@acme.test`,
  firstName,
  lastName: 'Stone',
  role: 'MEMBER',
});
const ada = person('11111111-1111-4111-8111-111111111111', 'Ada');
const bob = person('22222222-2222-4222-8222-222222222222', 'Bob');
const list = (items: User[]) => jsonResponse(200, { items, nextCursor: null, total: items.length });
const added: OrganizationMember = {
  userId: bob.id,
  email: bob.email,
  firstName: bob.firstName,
  lastName: bob.lastName,
  status: 'active',
  role: 'MEMBER',
  orgRole: 'ORG_MEMBER',
  joinedAt: '2026-11-23T10:00:00.000Z',
};

/** The team search answers Ada and Bob; filtered to Acme's members, only Ada. */
function stubApi(members: () => Response = () => list([ada])) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') return jsonResponse(201, added);
    return new URL(url, 'http://localhost').searchParams.has('organizationId') ? members() : list([ada, bob]);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderDialog() {
  const onClose = vi.fn();
  const { user } = renderWithClient(<AddMemberDialog organization={acme} open onClose={onClose} />);
  return { user, onClose };
}

// Typing into MUI fields in jsdom is slow on a shared machine: the defaults (5 s) are too tight.
describe('AddMemberDialog', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when someone already belongs, then their option says so and cannot be picked', async () => {
    const fetchMock = stubApi();
    const { user, onClose } = renderDialog();
    await user.type(screen.getByRole('combobox', { name: /Person/ }), 'stone');

    // Which of them belong comes from one request per search, with the same search.
    const memberSearches = () =>
      fetchMock.mock.calls
        .map(([url]) => new URL(url, 'http://localhost').searchParams)
        .filter((params) => params.get('organizationId') === acme.id)
        .map((params) => params.get('search'));
    await waitFor(() => expect(memberSearches()).toContain('stone'));

    const adaOption = await screen.findByRole('option', { name: /Ada Stone/ });
    expect(adaOption).toHaveTextContent('Already a member');
    expect(adaOption).toHaveAttribute('aria-disabled', 'true');
    const bobOption = screen.getByRole('option', { name: /Bob Stone/ });
    expect(bobOption).not.toHaveTextContent('Already a member');
    expect(bobOption).not.toHaveAttribute('aria-disabled', 'true');
    // The keyboard passes over the member: the first choice it lands on is Bob.
    await user.keyboard('{ArrowDown}{Enter}');
    expect(screen.getByRole('combobox', { name: /Person/ })).toHaveValue('Bob Stone (bob@acme.test)');
    await user.click(screen.getByRole('button', { name: 'Add member' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(post?.[0]).toBe(`/api/iam/organizations/${acme.id}/members`);
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ userId: bob.id, orgRole: 'ORG_MEMBER' });
  });

  it('when the members cannot be read, then everyone is still offered and the server decides', async () => {
    stubApi(() =>
      jsonResponse(500, { type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'internal' }),
    );
    const { user } = renderDialog();
    await user.type(screen.getByRole('combobox', { name: /Person/ }), 'stone');
    const adaOption = await screen.findByRole('option', { name: /Ada Stone/ });
    expect(adaOption).not.toHaveTextContent('Already a member');
    expect(adaOption).not.toHaveAttribute('aria-disabled', 'true');
  });
});

import type { Organization, OrganizationMember } from '@team-access/contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderRoutes } from '@/test/render.tsx';
import { OrganizationScreen } from './organization-screen.tsx';

const acme: Organization = {
  id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10',
  name: 'Acme News',
  slug: 'acme-news',
  description: 'The newsroom',
  memberCount: 3,
  ownerCount: 1,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  version: 4,
};
const me = { ...testSession, user: { ...testSession.user, role: 'MEMBER' as const } };
const member = (userId: string, email: string, orgRole: OrganizationMember['orgRole']): OrganizationMember => ({
  userId,
  email,
  firstName: null,
  lastName: null,
  status: 'active',
  role: 'MEMBER',
  orgRole,
  joinedAt: '2026-11-23T10:00:00.000Z',
});
const owner = member('11111111-1111-4111-8111-111111111111', 'owner@acme.test', 'ORG_OWNER');
const self = member(me.user.id, me.user.email, 'ORG_ADMIN');
const plain = member('22222222-2222-4222-8222-222222222222', 'plain@acme.test', 'ORG_MEMBER');

const notFound = {
  type: 'urn:team-access:problem:not_found',
  title: 'Not found',
  status: 404,
  code: 'not_found',
  detail: 'No such organization.',
};

/** The BFF as the org admin `me` sees it: Acme, its three members, their own ORG_ADMIN role. */
function serve(fetchMock: ReturnType<typeof vi.fn>, session: typeof testSession = me) {
  fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
    if (url === '/api/session') return jsonResponse(200, session);
    if (url.endsWith(`/multi-user/${me.user.id}/organizations`)) {
      return jsonResponse(200, { items: [{ organization: acme, orgRole: 'ORG_ADMIN' }] });
    }
    if (url.startsWith(`/api/iam/organizations/${acme.id}/members/`) && init?.method === 'PATCH') {
      return jsonResponse(200, { ...self, ...JSON.parse(String(init.body)) });
    }
    if (url.startsWith(`/api/iam/organizations/${acme.id}/members`)) {
      return jsonResponse(200, { items: [owner, self, plain], nextCursor: null, total: 3 });
    }
    if (url === `/api/iam/organizations/${acme.id}`) return jsonResponse(200, acme);
    return jsonResponse(404, notFound);
  });
}

function renderScreen(id: string) {
  renderRoutes([{ path: '/organizations/:organizationId', element: <OrganizationScreen /> }], `/organizations/${id}`, {
    themed: false,
  });
}

describe('OrganizationScreen', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when a tenant administrator opens an organization, then each member name opens their member page', async () => {
    const fetchMock = vi.fn();
    serve(fetchMock, { ...me, user: { ...me.user, role: 'ADMIN' } });
    vi.stubGlobal('fetch', fetchMock);
    renderScreen(acme.id);
    const table = await screen.findByRole('table', { name: 'Members of Acme News' });
    expect(await within(table).findByRole('link', { name: 'plain@acme.test' })).toHaveAttribute(
      'href',
      `/users/${plain.userId}`,
    );
    // The only org owner cannot be made anything else or removed: the entries say why instead.
    await userEvent.setup().click(screen.getByRole('button', { name: 'Actions for owner@acme.test' }));
    for (const name of [/^Make org admin/, /^Make org member/, /^Remove from organization/]) {
      const item = screen.getByRole('menuitem', { name });
      expect(item).toHaveAttribute('aria-disabled', 'true');
      expect(item).toHaveTextContent('The only org owner: make someone else org owner first.');
    }
  });

  it('when an org admin opens their organization, then they manage members but not the owner, the details or the organization', async () => {
    const fetchMock = vi.fn();
    serve(fetchMock);
    vi.stubGlobal('fetch', fetchMock);
    renderScreen(acme.id);
    const table = await screen.findByRole('table', { name: 'Members of Acme News' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(screen.getByText('The newsroom')).toBeVisible();
    // Wait for their own org role to be known before judging what is offered.
    expect(await screen.findByRole('button', { name: 'Actions for plain@acme.test' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Actions for owner@acme.test' })).toBeNull();
    for (const name of ['Edit', 'Delete', 'Add member']) expect(screen.queryByRole('button', { name })).toBeNull();
    // The team's member pages are for owners and administrators: no links here.
    expect(within(table).queryByRole('link')).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Actions for plain@acme.test' }));
    expect(screen.queryByRole('menuitem', { name: 'Make org owner' })).toBeNull();
    expect(screen.getByRole('menuitem', { name: 'Make org admin' })).toBeVisible();
    await user.keyboard('{Escape}');

    // Giving up their own rights is confirmed first.
    await user.click(screen.getByRole('button', { name: `Actions for ${me.user.email}` }));
    await user.click(screen.getByRole('menuitem', { name: 'Make org member' }));
    const confirm = await screen.findByRole('dialog', { name: 'Make yourself org member of Acme News?' });
    expect(confirm).toHaveTextContent('You will no longer administer Acme News');
    expect(fetchMock.mock.calls.some(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Change my role' }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH')?.[0]).toBe(
        `/api/iam/organizations/${acme.id}/members/${me.user.id}`,
      ),
    );
  });

  it('when the organization is not theirs (404), then it says it does not exist', async () => {
    const fetchMock = vi.fn();
    serve(fetchMock);
    vi.stubGlobal('fetch', fetchMock);
    renderScreen('33333333-3333-4333-8333-333333333333');
    expect(await screen.findByRole('heading', { level: 1, name: 'Organization not found' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'All organizations' })).toHaveAttribute('href', '/organizations');
  });
});

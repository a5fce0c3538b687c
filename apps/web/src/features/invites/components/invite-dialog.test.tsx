import type { BulkInvitationResult, Invitation, User } from '@team-access/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { inviteAccessFor } from '../invite-access.ts';
import { InviteDialog } from './invite-dialog.tsx';

const owner: User = { ...testSession.user, role: 'OWNER' };
const acme = { id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10', name: 'Acme News', slug: 'acme-news' };
const catalog = { categories: [{ key: 'marketing', label: 'Marketing' }], items: [] };

const invitation = (email: string): Invitation => ({
  id: '5a2d9e07-0f00-4b1d-8c8f-7e5e8b6bef65',
  email,
  status: 'pending',
  role: 'MEMBER',
  roles: [],
  permissions: {},
  organization: null,
  organizationRole: null,
  invitedBy: { userId: owner.id, email: owner.email, name: 'Olive Owner' },
  expiresAt: '2026-11-30T10:00:00.000Z',
  createdAt: '2026-11-23T10:00:00.000Z',
  lastSentAt: '2026-11-23T10:00:00.000Z',
  sendCount: 1,
  acceptedAt: null,
  revokedAt: null,
  acceptedUserId: null,
});

type Answer = (body: unknown, headers: Headers) => Response;

function stubApi(answers: { create?: Answer; bulk?: Answer } = {}) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url, 'http://localhost').pathname;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const headers = new Headers(init?.headers);
    if (path === '/api/iam/invitations/bulk') return answers.bulk?.(body, headers) ?? jsonResponse(500, {});
    if (path === '/api/iam/invitations') return answers.create?.(body, headers) ?? jsonResponse(500, {});
    if (path === '/api/iam/roles') return jsonResponse(200, { items: [] });
    if (path === '/api/iam/permissions') return jsonResponse(200, catalog);
    if (path === '/api/iam/organizations') return jsonResponse(200, { items: [], nextCursor: null, total: 0 });
    return jsonResponse(404, {});
  });
  vi.stubGlobal('fetch', fetchMock);
  const sent = (path: string) =>
    fetchMock.mock.calls
      .filter(([url, init]) => new URL(url, 'http://localhost').pathname === path && init?.method === 'POST')
      .map(([, init]) => ({
        body: JSON.parse(String(init?.body)),
        key: new Headers(init?.headers).get('Idempotency-Key'),
      }));
  return { sent };
}

function renderDialog(access = inviteAccessFor(owner, [])) {
  const onClose = vi.fn();
  const { user } = renderWithClient(<InviteDialog open onClose={onClose} access={access} />);
  return { user, onClose };
}

const addresses = () => screen.getByRole('combobox', { name: /Email addresses/ });

// Typing into MUI fields in jsdom is slow on a shared machine: the defaults (5 s) are too tight.
describe('InviteDialog', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when several addresses are typed, then each becomes a chip as it ends, a bad one says why and blocks sending', async () => {
    const { sent } = stubApi();
    const { user } = renderDialog();
    await user.type(addresses(), 'ada@x.test, bob@ Ada@X.test;cy@x.test ');

    const dialog = screen.getByRole('dialog', { name: 'Invite people' });
    expect(within(dialog).getByText('ada@x.test')).toBeVisible();
    expect(within(dialog).getByText('cy@x.test')).toBeVisible();
    // The second Ada was merged into the first.
    expect(within(dialog).queryByText('Ada@X.test')).toBeNull();
    expect(screen.getByRole('button', { name: /bob@, not valid: Enter a valid email address/ })).toBeVisible();
    expect(dialog).toHaveTextContent('One address is not valid: bob@ (Enter a valid email address). Fix or remove it.');
    expect(screen.getByRole('button', { name: 'Send 3 invitations' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Send 3 invitations' }));
    expect(sent('/api/iam/invitations/bulk')).toEqual([]);
    expect(addresses()).toHaveAttribute('aria-invalid', 'true');

    // Backspace in the empty box takes the last chip back as text to fix.
    await user.click(addresses());
    await user.keyboard('{Backspace}');
    expect(addresses()).toHaveValue('cy@x.test');
    expect(within(dialog).queryByRole('button', { name: /^cy@x\.test/ })).toBeNull();
  });

  it('when several good addresses are sent and one is skipped, then one bulk request goes and the skipped one says why', async () => {
    const { sent } = stubApi({
      bulk: (body) => {
        const rows = (body as { rows: { email: string }[] }).rows;
        const result: BulkInvitationResult = {
          items: rows.map((row, index) =>
            index === 1
              ? {
                  index,
                  email: row.email,
                  outcome: 'skipped',
                  code: 'already_invited',
                  detail: `${row.email} already has a pending invitation.`,
                  errors: [],
                  invitation: null,
                }
              : {
                  index,
                  email: row.email,
                  outcome: 'sent',
                  code: null,
                  detail: null,
                  errors: [],
                  invitation: invitation(row.email),
                },
          ),
          sent: 1,
          skipped: 1,
          failed: 0,
        };
        return jsonResponse(200, result);
      },
    });
    const { user, onClose } = renderDialog();
    await user.click(addresses());
    await user.paste('Ada Lovelace <ada@x.test>\nbob@x.test');
    await user.click(screen.getByRole('radio', { name: /^Admin/ }));
    await user.clear(screen.getByLabelText(/Link valid for/));
    await user.type(screen.getByLabelText(/Link valid for/), '14');
    await user.click(screen.getByRole('button', { name: 'Send 2 invitations' }));

    expect(await screen.findByRole('heading', { name: 'Some invitations were not sent' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('1 invitation sent. 1 skipped.');
    expect(screen.getByRole('table', { name: 'Not sent' })).toHaveTextContent(
      'bob@x.test already has a pending invitation.',
    );
    const [request] = sent('/api/iam/invitations/bulk');
    expect(request?.body).toEqual({
      rows: ['ada@x.test', 'bob@x.test'].map((email) => ({
        email,
        role: 'ADMIN',
        groups: [],
        permissions: {},
        expiresInDays: 14,
      })),
    });
    expect(request?.key).toMatch(/^[0-9a-f-]{36}$/);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('when one address is already invited, then the reason shows under the addresses; a retry sends the same key', async () => {
    const { sent } = stubApi({
      create: () =>
        jsonResponse(409, {
          type: 'urn:team-access:problem:already_invited',
          title: 'This person already has a pending invitation',
          status: 409,
          code: 'already_invited',
          detail: 'ada@x.test already has a pending invitation.',
          errors: [{ path: 'body.email', message: 'Already invited', code: 'already_invited' }],
        }),
    });
    const { user, onClose } = renderDialog();
    await user.type(addresses(), 'ada@x.test');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('ada@x.test already has a pending invitation.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(sent('/api/iam/invitations')).toHaveLength(2));
    const [first, second] = sent('/api/iam/invitations');
    expect(first?.body).toEqual({ email: 'ada@x.test', role: 'MEMBER', groups: [], permissions: {}, expiresInDays: 7 });
    expect(second?.key).toBe(first?.key);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('when an org admin invites, then only their organization, Member and no org owner are offered', async () => {
    const { sent } = stubApi({ create: (body) => jsonResponse(201, invitation((body as { email: string }).email)) });
    const access = inviteAccessFor({ ...owner, role: 'MEMBER' }, [{ ...acme, orgRole: 'ORG_ADMIN' }]);
    const { user, onClose } = renderDialog(access);

    expect(screen.queryByRole('radiogroup', { name: 'Access level' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Roles' })).toBeNull();
    expect(screen.queryByText(/Direct permissions/)).toBeNull();
    expect(screen.getByRole('combobox', { name: /Organization/ })).toHaveValue('Acme News');
    const orgRoles = screen.getByRole('radiogroup', { name: 'Role in Acme News' });
    expect(
      within(orgRoles)
        .getAllByRole('radio')
        .map((radio) => radio.getAttribute('value')),
    ).toEqual(['ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER']);

    await user.type(addresses(), 'ada@x.test');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent('/api/iam/invitations')[0]?.body).toEqual({
      email: 'ada@x.test',
      role: 'MEMBER',
      groups: [],
      permissions: {},
      expiresInDays: 7,
      organizationId: acme.id,
      organizationRole: 'ORG_MEMBER',
    });
  });
});

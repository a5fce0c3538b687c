import type { Organization } from '@team-access/contract';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEveryFetchWithProblem, jsonResponse } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { acme } from '../test-organizations.ts';
import { OrganizationFormDialog } from './organization-form-dialog.tsx';

function renderDialog(props: { organization?: Organization; onSaved?: (o: Organization) => void } = {}) {
  const onClose = vi.fn();
  const { user } = renderWithClient(<OrganizationFormDialog open onClose={onClose} {...props} />);
  return { user, onClose };
}

const body = (fetchMock: ReturnType<typeof vi.fn>) =>
  JSON.parse(String((fetchMock.mock.calls[0]?.[1] as RequestInit | undefined)?.body));

// Typing into MUI fields in jsdom is slow on a shared machine: the defaults (5 s) are too tight.
describe('OrganizationFormDialog', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when a name is typed, then the slug follows it until the slug itself is edited', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(201, acme));
    vi.stubGlobal('fetch', fetchMock);
    const onSaved = vi.fn();
    const { user } = renderDialog({ onSaved });
    await user.type(screen.getByLabelText(/^Name/), 'Acme Nëws (EU)');
    expect(screen.getByLabelText(/^Slug/)).toHaveValue('acme-news-eu');
    await user.clear(screen.getByLabelText(/^Slug/));
    await user.type(screen.getByLabelText(/^Slug/), 'acme');
    await user.type(screen.getByLabelText(/^Name/), ' Ltd');
    expect(screen.getByLabelText(/^Slug/)).toHaveValue('acme');
    await user.click(screen.getByRole('button', { name: 'Create organization' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(acme));
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/iam/organizations');
    expect(body(fetchMock)).toEqual({ name: 'Acme Nëws (EU) Ltd', slug: 'acme' });
  });

  it('when the server refuses the slug, then its words show under the slug field', async () => {
    answerEveryFetchWithProblem(409, 'conflict', 'The request conflicts with the current state', {
      detail: 'An organization with this slug already exists.',
      errors: [{ path: 'body.slug', message: 'This slug is already in use', code: 'duplicate' }],
    });
    const { user, onClose } = renderDialog();
    await user.type(screen.getByLabelText(/^Name/), 'Acme News');
    await user.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByText('This slug is already in use')).toBeVisible();
    expect(screen.getByLabelText(/^Slug/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Slug/)).toHaveFocus();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('when a bad slug is typed, then it is named without calling the server', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderDialog();
    await user.type(screen.getByLabelText(/^Name/), 'Acme');
    await user.clear(screen.getByLabelText(/^Slug/));
    await user.type(screen.getByLabelText(/^Slug/), 'Acme--News');
    await user.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByText(/Use lower-case letters, digits and single hyphens/)).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('when editing, then only the changed fields are sent, with the version in If-Match, and the slug stays', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(200, { ...acme, name: 'Acme Media', version: 2 }));
    vi.stubGlobal('fetch', fetchMock);
    const { user, onClose } = renderDialog({ organization: acme });
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await user.clear(screen.getByLabelText(/^Name/));
    await user.type(screen.getByLabelText(/^Name/), 'Acme Media');
    expect(screen.getByLabelText(/^Slug/)).toHaveValue('acme-news');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(init.method).toBe('PATCH');
    expect((init.headers as Record<string, string>)['If-Match']).toBe('"1"');
    expect(body(fetchMock)).toEqual({ name: 'Acme Media' });
  });
});

import type { BulkInvitationResult, User } from '@team-access/contract';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '@/lib/csv.ts';
import { captureDownloads } from '@/test/downloads.ts';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { inviteAccessFor } from '../invite-access.ts';
import { UploadCsvDialog } from './upload-csv-dialog.tsx';

const owner: User = { ...testSession.user, role: 'OWNER' };
const STAMP = '2026-11-23T10:00:00.000Z';
const acme = {
  id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10',
  name: 'Acme News',
  slug: 'acme',
  description: null,
  memberCount: 1,
  ownerCount: 1,
  createdAt: STAMP,
  updatedAt: STAMP,
  version: 1,
};
const support = {
  id: '3e0b7c85-8d88-4f9b-8a6d-5c3c6f4fcd43',
  name: 'Support',
  description: null,
  permissions: ['journey'],
  memberCount: 0,
  createdAt: STAMP,
  updatedAt: STAMP,
  version: 1,
};

/** 50 people; rows 11, 21 and 31 of the file are bad (an address, a role name, an organization). */
function fiftyRows(): string {
  const rows = Array.from({ length: 50 }, (_, i) => {
    const row = i + 2;
    if (row === 11) return 'not-an-address,MEMBER,,,';
    if (row === 21) return `p${i}@x.test,MEMBER,Ghosts,,`;
    if (row === 31) return `p${i}@x.test,MEMBER,,nowhere,`;
    return `p${i}@x.test,MEMBER,${i % 2 ? 'Support' : ''},${i % 3 ? '' : 'acme'},`;
  });
  return `email,role,roles,organization,organizationRole\n${rows.join('\n')}\n`;
}

function stubApi(bulk: (rows: { email: string }[]) => Promise<Response> | Response) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const address = new URL(url, 'http://localhost');
    if (address.pathname === '/api/iam/invitations/bulk') {
      return bulk(JSON.parse(String(init?.body)).rows);
    }
    if (address.pathname === '/api/iam/roles') return jsonResponse(200, { items: [support] });
    if (address.pathname === '/api/iam/organizations') {
      const items = address.searchParams.get('search') === 'acme' ? [acme] : [];
      return jsonResponse(200, { items, nextCursor: null, total: items.length });
    }
    return jsonResponse(404, {});
  });
  vi.stubGlobal('fetch', fetchMock);
  const bulkCalls = () =>
    fetchMock.mock.calls
      .filter(([url]) => new URL(url, 'http://localhost').pathname === '/api/iam/invitations/bulk')
      .map(([, init]) => ({
        rows: JSON.parse(String(init?.body)).rows as unknown[],
        key: new Headers(init?.headers).get('Idempotency-Key'),
      }));
  return { bulkCalls };
}

const allSent = (rows: { email: string }[]): Response => {
  const result: BulkInvitationResult = {
    items: rows.map((row, index) => ({
      index,
      email: row.email,
      outcome: 'sent',
      code: null,
      detail: null,
      errors: [],
      invitation: null,
    })),
    sent: rows.length,
    skipped: 0,
    failed: 0,
  };
  return jsonResponse(200, result);
};

function renderDialog() {
  return renderWithClient(<UploadCsvDialog open onClose={vi.fn()} access={inviteAccessFor(owner, [])} />).user;
}

function choose(text: string, name = 'people.csv') {
  fireEvent.change(screen.getByLabelText('CSV file'), {
    target: { files: [new File([text], name, { type: 'text/csv' })] },
  });
}

describe('UploadCsvDialog', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when a file of 50 has 3 bad rows, then the preview marks them, 47 go in chunks of 25, and the report lists the 3', async () => {
    const { bulkCalls } = stubApi(allSent);
    const downloads = captureDownloads();
    const user = renderDialog();
    choose(fiftyRows());

    expect(
      await screen.findByText(
        (_text, element) => element?.tagName === 'P' && element.textContent === '47 ready, 3 with errors',
      ),
    ).toBeVisible();
    await user.click(screen.getByRole('switch', { name: 'Only rows with errors' }));
    const preview = screen.getByRole('table', { name: 'Rows of the file' });
    expect(preview).toHaveTextContent('Error: email: Enter a valid email address.');
    expect(preview).toHaveTextContent('Error: roles: there is no role named "Ghosts".');
    expect(preview).toHaveTextContent('Error: organization: there is no organization "nowhere" you can invite into.');

    await user.click(screen.getByRole('button', { name: 'Send 47 invitations' }));
    expect(await screen.findByText('47 invitations sent. 3 failed.')).toBeVisible();
    const calls = bulkCalls();
    expect(calls.map((call) => call.rows.length)).toEqual([25, 22]);
    expect(new Set(calls.map((call) => call.key)).size).toBe(2);
    expect(calls[0]?.rows[1]).toEqual({
      email: 'p1@x.test',
      role: 'MEMBER',
      groups: [support.id],
      permissions: {},
      expiresInDays: 7,
    });
    expect(calls[0]?.rows[0]).toMatchObject({ email: 'p0@x.test', organizationId: acme.id });

    await user.click(screen.getByRole('button', { name: 'Download report' }));
    const [report] = await downloads();
    expect(parseCsv(report ?? '')).toEqual([
      ['row', 'email', 'outcome', 'reason'],
      ['11', 'not-an-address', 'Failed', 'email: Enter a valid email address.'],
      ['21', 'p19@x.test', 'Failed', 'roles: there is no role named "Ghosts".'],
      ['31', 'p29@x.test', 'Failed', 'organization: there is no organization "nowhere" you can invite into.'],
    ]);
  });

  it('when Cancel is pressed while a chunk is sending, then it stops after that chunk and says how many were not sent', async () => {
    let release: () => void = () => {};
    const firstChunk = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { bulkCalls } = stubApi(async (rows) => {
      if (bulkCalls().length === 1) await firstChunk;
      return allSent(rows);
    });
    const user = renderDialog();
    choose(fiftyRows());
    await user.click(await screen.findByRole('button', { name: 'Send 47 invitations' }));
    const progress = await screen.findByRole('progressbar', { name: 'Sending invitations' });
    expect(progress).toHaveAttribute('aria-valuenow', '0');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    release();
    expect(await screen.findByText('25 invitations sent. 3 failed, 22 not sent.')).toBeVisible();
    expect(bulkCalls()).toHaveLength(1);
  });

  it('when the file has more than 1,000 people or no email column, then it says so and nothing is checked', async () => {
    const { bulkCalls } = stubApi(allSent);
    renderDialog();
    choose(`email\n${Array.from({ length: 1001 }, (_, i) => `p${i}@x.test`).join('\n')}`);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The file has 1,001 rows of people; upload at most 1,000 at a time.',
    );
    choose('name\nAda');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('with at least "email"'));
    expect(bulkCalls()).toEqual([]);
  });
});

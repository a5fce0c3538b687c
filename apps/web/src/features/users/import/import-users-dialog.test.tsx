import type { UserImportEntry, UserImportResult, UserImportRowResult } from '@team-access/contract';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '@/lib/csv.ts';
import { captureDownloads } from '@/test/downloads.ts';
import { jsonResponse } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { ImportUsersDialog } from './import-users-dialog.tsx';

const EXISTING = new Map([['ana@x.test', { id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10', version: 4 }]]);

/** 60 members: row 2 updates Ana, row 3 is unchanged Ana-alike, row 12 has a bad access level, the rest are new. */
function sixtyRows(): string {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const row = i + 2;
    if (row === 2) return 'ana@x.test,Ana Maria,';
    if (row === 12) return 'bad@x.test,,KING';
    return `p${row}@x.test,P${row},`;
  });
  return `email,firstName,role\n${rows.join('\n')}\n`;
}

/** The IAM API's import as far as this screen knows it: create, update Ana's first name, or an error at `role`. */
function answer(rows: UserImportEntry[], dryRun: boolean): UserImportResult {
  const items = rows.map((entry, index): UserImportRowResult => {
    const cells = entry.cells as Record<string, string>;
    const base = { index, email: cells.email ?? null, code: null, detail: null, errors: [] };
    if (cells.role === 'KING') {
      return {
        ...base,
        outcome: 'error',
        fields: [],
        code: 'validation_failed',
        detail: 'Some cells are not valid.',
        errors: [
          { path: 'role', message: 'Invalid option: expected one of "OWNER"|"ADMIN"|"MEMBER"', code: 'invalid_value' },
        ],
        user: null,
      };
    }
    const existing = EXISTING.get(cells.email ?? '');
    if (existing) return { ...base, outcome: 'update', fields: ['firstName'], user: existing };
    return { ...base, outcome: 'create', fields: [], user: dryRun ? null : { id: crypto.randomUUID(), version: 1 } };
  });
  const count = (o: string) => items.filter((i) => i.outcome === o).length;
  return { dryRun, items, create: count('create'), update: count('update'), unchanged: 0, error: count('error') };
}

function stubApi() {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (new URL(url, 'http://localhost').pathname === '/api/iam/multi-user/import') {
      const body = JSON.parse(String(init?.body)) as { dryRun: boolean; rows: UserImportEntry[] };
      return jsonResponse(200, answer(body.rows, body.dryRun));
    }
    return jsonResponse(404, {});
  });
  vi.stubGlobal('fetch', fetchMock);
  return () =>
    fetchMock.mock.calls.map(
      ([, init]) => JSON.parse(String(init?.body)) as { dryRun: boolean; rows: UserImportEntry[] },
    );
}

function choose(text: string, name = 'members.csv') {
  fireEvent.change(screen.getByLabelText('CSV file of members'), {
    target: { files: [new File([text], name, { type: 'text/csv' })] },
  });
}

describe('ImportUsersDialog', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when a file of 60 is imported, then the dry run previews every row, the confirm names the counts, and only the rows to change are applied with what the preview saw', async () => {
    const calls = stubApi();
    const downloads = captureDownloads();
    const { user } = renderWithClient(<ImportUsersDialog onClose={vi.fn()} />);
    choose(sixtyRows());

    expect(await screen.findByText('58 to create, 1 to update, 0 unchanged, 1 with an error')).toBeVisible();
    expect(calls().map((c) => [c.dryRun, c.rows.length])).toEqual([
      [true, 50],
      [true, 10],
    ]);
    const preview = screen.getByRole('table', { name: 'What each row will do' });
    expect(preview).toHaveTextContent('Changes first name');
    await user.click(screen.getByRole('switch', { name: 'Only rows with errors' }));
    expect(preview).toHaveTextContent('role: Invalid option');

    await user.click(screen.getByRole('button', { name: 'Import 59 members…' }));
    expect(screen.getByRole('dialog', { name: 'Import these members?' })).toHaveTextContent(
      'Create 58 members and update 1 member from members.csv. 1 row with an error is left out.',
    );
    await user.click(screen.getByRole('button', { name: 'Create 58 members and update 1 member' }));

    expect(await screen.findByText('58 members created, 1 updated. 1 error.')).toBeVisible();
    const applied = calls().filter((c) => !c.dryRun);
    expect(applied.map((c) => c.rows.length)).toEqual([50, 9]);
    expect(applied[0]?.rows[0]).toEqual({
      cells: { email: 'ana@x.test', firstName: 'Ana Maria', role: '' },
      expected: 4,
    });
    expect(applied[0]?.rows[1]).toEqual({ cells: { email: 'p3@x.test', firstName: 'P3', role: '' }, expected: 'new' });

    await user.click(screen.getByRole('button', { name: 'Download the outcome' }));
    const [report] = await downloads();
    const records = parseCsv(report ?? '');
    expect(records[0]).toEqual(['row', 'email', 'outcome', 'changed', 'reason']);
    expect(records.slice(1, 3)).toEqual([
      ['2', 'ana@x.test', 'Updated', 'firstName', ''],
      ['3', 'p3@x.test', 'Created', '', ''],
    ]);
    expect(records.find((r) => r[0] === '12')).toEqual([
      '12',
      'bad@x.test',
      'Error',
      '',
      'role: Invalid option: expected one of "OWNER"|"ADMIN"|"MEMBER".',
    ]);
    expect(records).toHaveLength(61);
  });

  it('when the file names a column an import does not read, then it says so and nothing is sent', async () => {
    const calls = stubApi();
    renderWithClient(<ImportUsersDialog onClose={vi.fn()} />);
    choose('email,password\nana@x.test,secret\n');
    expect(await screen.findByRole('alert')).toHaveTextContent('an import does not read: "password"');
    await waitFor(() => expect(calls()).toEqual([]));
  });
});

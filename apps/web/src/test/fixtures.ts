import type { BrowserSession } from '@team-access/contract';
import { vi } from 'vitest';

/** What GET/POST /api/session answers for a signed-in owner. */
export const testSession: BrowserSession = {
  user: {
    id: '6f1c1f0e-8f43-4c36-9a39-0c3b7a0c2f11',
    email: 'owner@example.com',
    firstName: 'Olive',
    lastName: 'Owner',
    phone: null,
    status: 'active',
    role: 'OWNER',
    permissions: {},
    effectivePermissions: [],
    permissionSources: {},
    groups: [],
    mfa: false,
    twoStepRequired: false,
    resetPw: false,
    emailVerified: true,
    pendingEmail: null,
    lastLoginAt: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    version: 1,
  },
  expiresAt: '2026-11-23T22:00:00.000Z',
};

/** A JSON answer, as fetch() would resolve it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * Every fetch answers with one problem+json (its type named by its code); gives the mock so a
 * test can read what was sent.
 */
export function answerEveryFetchWithProblem(
  status: number,
  code: string,
  title: string,
  more: { detail?: string; errors?: { path: string; message: string; code: string }[] } = {},
) {
  const fetchMock = vi
    .fn()
    .mockResolvedValue(jsonResponse(status, { type: `urn:team-access:problem:${code}`, title, status, code, ...more }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
